import { Global, Module } from '@nestjs/common';
import { MailRenderer } from './mail.renderer';
import { MailTransport } from './mail.transport';
import { MailWorker } from './mail.worker';
import { OutboxController } from './outbox.controller';
import { OutboxQueries } from './outbox.queries';
import { OutboxService } from './outbox.service';

@Global()
@Module({
  controllers: [OutboxController],
  providers: [OutboxService, OutboxQueries, MailRenderer, MailTransport, MailWorker],
  exports: [OutboxService, MailWorker],
})
export class MailModule {}
