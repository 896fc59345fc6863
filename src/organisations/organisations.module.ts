import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { OrganisationsApiController } from './organisations.api.controller';
import { OrganisationsPagesController } from './organisations.pages.controller';
import { OrganisationsService } from './organisations.service';
import { InvitationsService } from './invitations.service';
import { DirectoryQueries } from './directory.queries';

@Module({
  imports: [AuditModule, MailModule, RateLimitModule],
  controllers: [OrganisationsApiController, OrganisationsPagesController],
  providers: [OrganisationsService, InvitationsService, DirectoryQueries],
  exports: [OrganisationsService, DirectoryQueries],
})
export class OrganisationsModule {}
