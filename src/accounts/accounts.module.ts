import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access.guard';
import { AccountsApiController } from './accounts.api.controller';
import { AccountsPagesController } from './accounts.pages.controller';
import { AccountsService } from './accounts.service';
import { ApiTokensService } from './api-tokens.service';
import { AdminUsersController } from './admin-users.controller';
import { Housekeeping } from './housekeeping';
import { SessionStore } from './session.store';
import { UsersService } from './users.service';

@Module({
  imports: [AuditModule, MailModule, RateLimitModule],
  controllers: [AccountsApiController, AccountsPagesController, AdminUsersController],
  providers: [
    AccountsService,
    ApiTokensService,
    UsersService,
    SessionStore,
    Housekeeping,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AccountsService, SessionStore],
})
export class AccountsModule {}
