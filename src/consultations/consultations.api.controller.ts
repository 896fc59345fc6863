import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { UserRole } from '../accounts/user.entity';
import { CurrentUser, Public, Roles } from '../common/access.decorators';
import { PageQueryDto } from '../common/page-query.dto';
import { SignedInUser } from '../common/web';
import { Consultation } from './consultation.entity';
import { consultationView } from './consultation.views';
import { ConsultationsService } from './consultations.service';
import {
  CancelConsultationDto,
  CompleteConsultationDto,
  CreateConsultationDto,
  UpdateConsultationDto,
} from './dto/consultation.dto';
import { uuid } from '../common/validation';
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import { ConsultationResponse } from './consultations.responses';

@ApiTags('consultations')
@ApiBearerAuth()
@Controller('api/v1/consultations')
export class ConsultationsApiController {
  constructor(private readonly consultations: ConsultationsService) {}

  private async view(
    consultation: Consultation,
    viewer?: SignedInUser,
  ): Promise<ConsultationResponse> {
    const full = consultation.sessions
      ? consultation
      : await this.consultations.get(viewer, consultation.id);
    return consultationView(
      full,
      await this.consultations.seats(full),
      this.consultations.isRegistrationOpen(full),
    );
  }

  @Public()
  @Get()
  @ApiOkResponse({ type: PageResponse(ConsultationResponse) })
  @ApiErrors(400)
  async list(
    @Query() query: PageQueryDto,
    @Req() request: FastifyRequest,
  ): Promise<PageResponseOf<ConsultationResponse>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const [items, total] = await this.consultations.list(request.user, page, pageSize);
    return {
      items: await Promise.all(items.map((c) => this.view(c, request.user))),
      total,
      page,
      pageSize,
    };
  }

  @Public()
  @Get(':id')
  @ApiOkResponse({ type: ConsultationResponse })
  @ApiErrors(400, 404)
  async read(
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
  ): Promise<ConsultationResponse> {
    return this.view(await this.consultations.get(request.user, id));
  }

  @Roles(UserRole.Admin)
  @Post()
  @ApiCreatedResponse({ type: ConsultationResponse })
  @ApiErrors(400, 401, 403)
  async create(
    @CurrentUser() admin: SignedInUser,
    @Body() body: CreateConsultationDto,
  ): Promise<ConsultationResponse> {
    return this.view(await this.consultations.create(admin, body), admin);
  }

  @Roles(UserRole.Admin)
  @Patch(':id')
  @ApiOkResponse({ type: ConsultationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async update(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: UpdateConsultationDto,
  ): Promise<ConsultationResponse> {
    return this.view(await this.consultations.update(admin, id, body), admin);
  }

  @Roles(UserRole.Admin)
  @Post(':id/publish')
  @HttpCode(200)
  @ApiOkResponse({ type: ConsultationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async publish(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<ConsultationResponse> {
    return this.view(await this.consultations.publish(admin, id), admin);
  }

  @Roles(UserRole.Admin)
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: ConsultationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async cancel(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: CancelConsultationDto,
  ): Promise<ConsultationResponse> {
    return this.view(await this.consultations.cancel(admin, id, body.reason), admin);
  }

  @Roles(UserRole.Admin)
  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({ type: ConsultationResponse })
  @ApiErrors(400, 401, 403, 404, 409)
  async complete(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: CompleteConsultationDto,
  ): Promise<ConsultationResponse> {
    return this.view(await this.consultations.complete(admin, id, body.reason), admin);
  }

  /** Next year's edition as a draft: same text, agenda and rules, one year later. */
  @Roles(UserRole.Admin)
  @Post(':id/clone')
  @ApiCreatedResponse({ type: ConsultationResponse })
  @ApiErrors(400, 401, 403, 404)
  async clone(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<ConsultationResponse> {
    return this.view(await this.consultations.clone(admin, id), admin);
  }
}
