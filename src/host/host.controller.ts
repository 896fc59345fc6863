import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/access.decorators';
import { notFound } from '../common/domain-error';
import { BUILT_IN_PRIVACY_PATH, HOST_LOGO_PATH } from '../common/host';
import { renderPage } from '../common/pages';
import { appConfig, hostConfig, mailConfig, retentionConfig } from '../config';
import { privacyNotice } from './privacy.views';

/** The host organisation's logo and the built-in privacy notice. */
@ApiExcludeController()
@Controller()
export class HostController {
  constructor(
    @Inject(hostConfig.KEY) private readonly host: ConfigType<typeof hostConfig>,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    @Inject(mailConfig.KEY) private readonly mail: ConfigType<typeof mailConfig>,
    @Inject(retentionConfig.KEY) private readonly retention: ConfigType<typeof retentionConfig>,
  ) {}

  /** HOST_LOGO_FILE, read at boot; pages link it with its hash, so it may be kept a long time. */
  @Public()
  @Get(HOST_LOGO_PATH)
  logo(@Res() reply: FastifyReply) {
    const logo = this.host.logo;
    if (!logo) throw notFound();
    return reply
      .header('Content-Type', logo.contentType)
      .header('Content-Security-Policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'")
      .header('Cache-Control', 'public, max-age=604800')
      .send(logo.bytes);
  }

  @Public()
  @Get(BUILT_IN_PRIVACY_PATH)
  privacy(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = request.locale ?? 'en';
    return renderPage(
      request,
      reply,
      'host/privacy',
      privacyNotice(locale, {
        host: this.host,
        app: this.app,
        mail: this.mail,
        retention: this.retention,
      }),
    );
  }
}
