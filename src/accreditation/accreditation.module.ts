import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { AccreditationApiController } from './accreditation.api.controller';
import { AccreditationPagesController } from './accreditation.pages.controller';
import { AccreditationService } from './accreditation.service';
import { AccreditationQueries } from './accreditation.queries';
import { AccreditationDocumentsService } from './accreditation-documents.service';
import { ObserverStatusService } from './observer-status.service';
import { DocumentStorage } from '../common/document-storage';
import { UnansweredQuestions } from './unanswered-questions';

@Module({
  imports: [AuditModule, MailModule, OrganisationsModule],
  controllers: [AccreditationApiController, AccreditationPagesController],
  providers: [
    AccreditationService,
    AccreditationQueries,
    AccreditationDocumentsService,
    ObserverStatusService,
    DocumentStorage,
    UnansweredQuestions,
  ],
  // Its document storage is shared with the retention job, so one instance sweeps UPLOAD_DIR.
  exports: [UnansweredQuestions, DocumentStorage],
})
export class AccreditationModule {}
