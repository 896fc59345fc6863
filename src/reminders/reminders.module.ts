import { Module } from '@nestjs/common';
import { AccreditationModule } from '../accreditation/accreditation.module';
import { MailModule } from '../mail/mail.module';
import { AccreditationReminders } from './accreditation-reminders';
import { OrganisationReminders } from './organisation-reminders';
import { ParticipantReminders } from './participant-reminders';
import { RemindersJob } from './reminders.job';

/** Scheduled reminders before deadlines; above registrations, funding and accreditation. */
@Module({
  imports: [MailModule, AccreditationModule],
  providers: [OrganisationReminders, ParticipantReminders, AccreditationReminders, RemindersJob],
  exports: [RemindersJob],
})
export class RemindersModule {}
