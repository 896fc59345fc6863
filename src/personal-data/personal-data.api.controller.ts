import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../common/access.decorators';
import { ApiErrors } from '../common/api-responses';
import { UserRole } from '../common/roles';
import { uuid } from '../common/validation';
import { SignedInUser } from '../common/web';
import { AccountDeletionService } from './account-deletion.service';
import { DeleteAccountDto, PublishParticipantsDto } from './dto/personal-data.dto';
import { MyDataResponse } from './my-data.responses';
import { MyDataService } from './my-data.service';
import {
  ParticipantListStatusResponse,
  PublishedParticipantsResponse,
} from './published-participants.responses';
import { PublishedParticipantsService } from './published-participants.service';

@ApiTags('personal data')
@Controller('api/v1')
export class PersonalDataApiController {
  constructor(
    private readonly myData: MyDataService,
    private readonly deletion: AccountDeletionService,
    private readonly participants: PublishedParticipantsService,
  ) {}

  @ApiBearerAuth()
  @Get('me/data')
  @ApiOkResponse({ type: MyDataResponse })
  @ApiErrors(401)
  async data(@CurrentUser() user: SignedInUser): Promise<MyDataResponse> {
    return this.myData.collect(user.id);
  }

  @ApiBearerAuth()
  @Delete('me')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Anonymised; every session and token has ended.' })
  @ApiErrors(400, 401, 409, 429)
  async deleteMe(@CurrentUser() user: SignedInUser, @Body() body: DeleteAccountDto): Promise<void> {
    await this.deletion.deleteAccount(user.id, body.password);
  }

  @ApiBearerAuth()
  @Roles(UserRole.Admin)
  @Post('consultations/:id/participants/publish')
  @HttpCode(200)
  @ApiOkResponse({ type: ParticipantListStatusResponse })
  @ApiErrors(400, 401, 403, 404)
  async publish(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: PublishParticipantsDto,
  ): Promise<ParticipantListStatusResponse> {
    const consultation = await this.participants.setPublished(admin, id, body.published);
    return {
      consultationId: consultation.id,
      participantsPublished: consultation.participantsPublished,
    };
  }

  @Public()
  @Get('consultations/:id/participants')
  @ApiOkResponse({ type: PublishedParticipantsResponse })
  @ApiErrors(400, 404)
  async list(@Param('id', uuid) id: string): Promise<PublishedParticipantsResponse> {
    const { participants } = await this.participants.list(id);
    return { consultationId: id, participants };
  }
}
