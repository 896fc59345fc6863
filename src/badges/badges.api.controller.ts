import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public, Staff } from '../common/access.decorators';
import { ApiErrors } from '../common/api-responses';
import { uuid } from '../common/validation';
import { SignedInUser } from '../common/web';
import { CheckInCodes } from '../registrations/check-in-code';
import { BadgesService } from './badges.service';
import { sendBadge } from './badges.views';
import { CheckInRefusedResponse, CheckInResponse } from './badges.responses';
import { checkInView } from './badges.views';
import { CheckInsService } from './check-ins.service';
import { BadgeSheetQueryDto, CheckInDto } from './dto/check-in.dto';

@ApiTags('badges')
@ApiBearerAuth()
@Controller('api/v1')
export class BadgesApiController {
  constructor(
    private readonly badges: BadgesService,
    private readonly checkIns: CheckInsService,
    private readonly codes: CheckInCodes,
  ) {}

  /** The Ed25519 public key that verifies check-in codes, for door devices that work offline. */
  @Public()
  @Get('badges/public-key')
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse({ description: 'SPKI PEM.', schema: { type: 'string' } })
  publicKey(@Res() reply: FastifyReply) {
    return reply
      .header('Content-Type', 'application/x-pem-file; charset=utf-8')
      .header('Cache-Control', 'public, max-age=3600')
      .send(this.codes.publicKeyPem);
  }

  @Get('registrations/:id/badge.pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'One A6 badge; 404 unless confirmed.',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(400, 401, 404)
  async badge(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return sendBadge(reply, await this.badges.badge(user, id, request.locale ?? 'en'));
  }

  @Staff()
  @Get('consultations/:id/badges.pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description:
      'Every confirmed participant: A4 sheets of 4 or 8 (`perPage`, default 4), or A6 pages (`perPage=1`).',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiErrors(400, 401, 403, 404)
  async sheet(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Query() query: BadgeSheetQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const badges = await this.badges.sheet(user, id, query.perPage ?? 4, request.locale ?? 'en');
    return sendBadge(reply, badges);
  }

  @Staff()
  @Post('check-ins')
  @HttpCode(200)
  @ApiOkResponse({ type: CheckInResponse })
  @ApiErrors(400, 401, 403, 404)
  @ApiResponse({
    status: 409,
    description: 'Refused; `reason` says why.',
    type: CheckInRefusedResponse,
  })
  async checkIn(
    @CurrentUser() user: SignedInUser,
    @Body() body: CheckInDto,
    @Req() request: FastifyRequest,
  ): Promise<CheckInResponse> {
    const checkedIn = await this.checkIns.scan(user, body);
    return checkInView(checkedIn, request.locale ?? 'en');
  }
}
