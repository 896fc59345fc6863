import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MailAttachments } from './mail-attachments';
import { MailRenderer } from './mail.renderer';
import { MailTransport } from './mail.transport';
import { MailWorker } from './mail.worker';
import { OutboxController } from './outbox.controller';
import { OutboxQueries } from './outbox.queries';
import { OutboxService } from './outbox.service';

@Module({
  imports: [AuditModule],
  controllers: [OutboxController],
  providers: [
    OutboxService,
    OutboxQueries,
    MailRenderer,
    MailTransport,
    MailWorker,
    MailAttachments,
  ],
  exports: [OutboxService, MailWorker, MailAttachments, MailRenderer],
})
export class MailModule {}
