import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { AuditModule } from '../audit/audit.module';
import { DocumentStorage } from '../common/document-storage';
import { appConfig } from '../config';
import { ConsultationsModule } from '../consultations/consultations.module';
import { MailModule } from '../mail/mail.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { InputCallsService } from './input-calls.service';
import { InputsApiController } from './inputs.api.controller';
import { InputsApiViews } from './inputs.api-views';
import { InputsNotices } from './inputs.notices';
import { InputsPagesController } from './inputs.pages.controller';
import { InputsQueries } from './inputs.queries';
import { SubmissionAttachments } from './submission-attachments.service';
import { SUBMISSION_STORAGE, SubmissionsService } from './submissions.service';

@Module({
  imports: [AuditModule, MailModule, ConsultationsModule, OrganisationsModule, RegistrationsModule],
  controllers: [InputsApiController, InputsPagesController],
  exports: [InputsQueries],
  providers: [
    InputCallsService,
    SubmissionsService,
    SubmissionAttachments,
    InputsQueries,
    InputsApiViews,
    InputsNotices,
    {
      // Its own folder of UPLOAD_DIR, so accreditation's start-up sweep never sees these files.
      provide: SUBMISSION_STORAGE,
      inject: [appConfig.KEY],
      useFactory: (config: ConfigType<typeof appConfig>) =>
        new DocumentStorage(config, 'submissions'),
    },
  ],
})
export class InputsModule {}
