import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ConsultationsModule } from '../consultations/consultations.module';
import { MailModule } from '../mail/mail.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { FollowUpApiController } from './follow-up.api.controller';
import { FollowUpNotices } from './follow-up.notices';
import { FollowUpPagesController } from './follow-up.pages.controller';
import { FollowUpQueries } from './follow-up.queries';
import { FollowUpService } from './follow-up.service';
import { FollowUpReminders } from './reminders.job';
import { SubmissionLinks } from './submission-links';

/** The outcome of a consultation and its action points, followed from one year to the next. */
@Module({
  imports: [AuditModule, MailModule, ConsultationsModule, OrganisationsModule],
  controllers: [FollowUpApiController, FollowUpPagesController],
  providers: [
    FollowUpService,
    FollowUpQueries,
    FollowUpNotices,
    FollowUpReminders,
    SubmissionLinks,
  ],
  exports: [FollowUpQueries],
})
export class FollowUpModule {}
