import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ConsultationsModule } from '../consultations/consultations.module';
import { MailModule } from '../mail/mail.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { BulkDecisions } from './bulk-decisions';
import { ConsultationMessages } from './consultation-messages';
import { MergedOrganisationRedirect } from './merged-redirect.middleware';
import { OrganisationMerge } from './organisation-merge';
import { WorkspaceApiController } from './workspace.api.controller';
import { WorkspacePagesController } from './workspace.pages.controller';
import { WorkspaceQueries } from './workspace.queries';
import { StaffOrganisationsPagesController } from './staff-organisations.pages.controller';

/**
 * Staff tools that act across modules: merging duplicate organisations, deciding several
 * registrations at once, writing to participants, the XLSX export. Above every domain module;
 * nothing imports it.
 */
@Module({
  imports: [AuditModule, MailModule, OrganisationsModule, ConsultationsModule, RegistrationsModule],
  controllers: [
    WorkspaceApiController,
    WorkspacePagesController,
    StaffOrganisationsPagesController,
  ],
  providers: [OrganisationMerge, BulkDecisions, ConsultationMessages, WorkspaceQueries],
})
export class WorkspaceModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(MergedOrganisationRedirect)
      .forRoutes(
        { path: 'organisations/{*path}', method: RequestMethod.GET },
        { path: 'api/v1/organisations/{*path}', method: RequestMethod.GET },
      );
  }
}
