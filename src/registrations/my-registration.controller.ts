import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/access.decorators';
import { runAction } from '../common/forms';
import { redirect, renderPage } from '../common/pages';
import { flash, queryParam } from '../common/web';
import { myRegistrationModel } from './my-registration.views';
import { MyRegistrationService } from './my-registration.service';

type Act = 'accept-offer' | 'decline-offer' | 'cancel' | 'consent';

/**
 * `/my-registration?token=`: the participant's own page, without an account. The forms carry
 * the token in a hidden field (and CSRF as every form); the token never signs anyone in.
 */
@Public()
@ApiExcludeController()
@Controller('my-registration')
export class MyRegistrationController {
  constructor(private readonly mine: MyRegistrationService) {}

  @Get()
  async page(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const data = await this.mine.open(queryParam(request, 'token'));
    // The address carries the token: it must not leak to another site.
    reply.header('Referrer-Policy', 'no-referrer');
    return renderPage(request, reply, 'registrations/my-registration', {
      title: 'my_registration.title',
      ...myRegistrationModel(data, queryParam(request, 'token')!, request.locale ?? 'en'),
    });
  }

  @Post('accept-offer')
  accept(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.act(request, reply, 'accept-offer');
  }

  @Post('decline-offer')
  decline(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.act(request, reply, 'decline-offer');
  }

  @Post('cancel')
  cancel(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.act(request, reply, 'cancel');
  }

  @Post('consent')
  consent(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.act(request, reply, 'consent');
  }

  private async act(request: FastifyRequest, reply: FastifyReply, act: Act) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const token = typeof body.token === 'string' ? body.token : '';
    // An unknown token is 404 here too, before anything else is said.
    await this.mine.open(token);
    const back = `/my-registration?${new URLSearchParams({ token })}`;
    return runAction(request, reply, back, async () => {
      if (act === 'accept-offer') await this.mine.acceptOffer(token);
      if (act === 'decline-offer') await this.mine.declineOffer(token);
      if (act === 'cancel') await this.mine.cancel(token);
      if (act === 'consent') await this.mine.setConsent(token, body.publishConsent === 'true');
      flash(request, { kind: 'success', key: `my_registration.done_${act.replace('-', '_')}` });
      return redirect(reply, back);
    });
  }
}
