import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { WebhookFailures } from './webhook-failures';
import { WebhookWorker } from './webhook.worker';
import { WebhooksApiController } from './webhooks.api.controller';
import { WebhooksListener, WebhookSubscriptions } from './webhooks.listener';
import { WebhooksPagesController } from './webhooks.pages.controller';
import { WebhooksService } from './webhooks.service';

/** Signed deliveries of registration, check-in, accreditation, funding and letter events. */
@Module({
  imports: [AuditModule, MailModule],
  controllers: [WebhooksApiController, WebhooksPagesController],
  providers: [
    WebhooksService,
    WebhookSubscriptions,
    WebhooksListener,
    WebhookFailures,
    WebhookWorker,
  ],
  exports: [WebhookWorker],
})
export class WebhooksModule {}
