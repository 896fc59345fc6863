import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { CurrentUser, Public, Staff } from '../common/access.decorators';
import { formatDateTime } from '../common/dates';
import { InvalidInputError } from '../common/domain-error';
import { runAction } from '../common/forms';
import { redirect, renderPage } from '../common/pages';
import { uuid, validateForm } from '../common/validation';
import { flash, SignedInUser } from '../common/web';
import { BadgesService } from './badges.service';
import { sendBadge } from './badges.views';
import { CheckInsService } from './check-ins.service';
import { CheckInDto, ParticipantTokenQueryDto } from './dto/check-in.dto';

/** jsQR, read once from node_modules and served from this origin: the camera scan needs no CDN. */
const JSQR = readFileSync(require.resolve('jsqr/dist/jsQR.js'));

@ApiExcludeController()
@Controller()
export class BadgesPagesController {
  constructor(
    private readonly badges: BadgesService,
    private readonly checkIns: CheckInsService,
  ) {}

  /** The participant's own badge, from the link in their mail; 404 for any other token. */
  @Public()
  @Get('my-registration/badge.pdf')
  async participantBadge(
    @Query() query: ParticipantTokenQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return sendBadge(
      reply,
      await this.badges.participantBadge(query.token, request.locale ?? 'en'),
    );
  }

  @Public()
  @Get('vendor/jsqr.js')
  jsqr(@Res() reply: FastifyReply) {
    return reply
      .header('Content-Type', 'text/javascript; charset=utf-8')
      .header('Cache-Control', 'public, max-age=86400')
      .send(JSQR);
  }

  @Staff()
  @Get('staff/consultations/:id/badges')
  async staffBadges(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const model = await this.badges.staffPage(user, id, request.locale ?? 'en');
    return renderPage(request, reply, 'badges/staff', { title: 'staff.badges.title', ...model });
  }

  /** The scanner field without JavaScript: the desk scanner types the code and Enter. */
  @Staff()
  @Post('staff/consultations/:id/check-in/scan')
  async scan(
    @CurrentUser() user: SignedInUser,
    @Param('id', uuid) id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const back = `/staff/consultations/${id}/check-in`;
    // A badge's short desk code is looked up by the name search, where the person is checked in.
    const typed = (request.body as { code?: unknown } | undefined)?.code;
    if (typeof typed === 'string' && /^[0-9a-f]{8}$/i.test(typed.trim()))
      return redirect(reply, `${back}?${new URLSearchParams({ q: typed.trim() })}`);
    return runAction(request, reply, back, async () => {
      const { value, errors } = await validateForm(CheckInDto, request.body);
      if (errors) throw new InvalidInputError(errors);
      const done = await this.checkIns.scan(user, value);
      const locale = request.locale ?? 'en';
      const time = formatDateTime(
        done.registration.checkedInAt!,
        locale,
        done.consultation.timezone,
      );
      const params = {
        name: done.registration.participantName,
        organisation: done.organisation.name,
        time,
      };
      flash(request, {
        kind: done.alreadyCheckedInAt ? 'info' : 'success',
        key: done.alreadyCheckedInAt ? 'staff.check_in.already' : 'staff.check_in.scanned',
        params,
      });
      return redirect(reply, back);
    });
  }
}
