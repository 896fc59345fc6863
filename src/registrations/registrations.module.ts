import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { ConsultationsModule } from '../consultations/consultations.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { CalendarAttachment } from './calendar.attachment';
import { CheckInCodes } from './check-in-code';
import { CountersController } from './counters.controller';
import { MyRegistrationController } from './my-registration.controller';
import { RegistrationChangesPagesController } from './registration-changes.pages.controller';
import { MyRegistrationService } from './my-registration.service';
import { OfferExpiryJob } from './offer-expiry.job';
import { RegistrationChanges } from './registration.changes';
import { RegistrationCounters } from './registration-counters';
import { RegistrationSteps } from './registration.steps';
import { SubstitutionNotices } from './substitution.notices';
import { RegistrationIntake } from './registration.intake';
import { RegistrationNotices } from './registration.notices';
import { RegistrationQueries } from './registration.queries';
import { RegistrationsApiController } from './registrations.api.controller';
import { RegistrationsPagesController } from './registrations.pages.controller';
import { RegistrationsService } from './registrations.service';
import { ScheduleNotices } from './schedule.notices';
import { SeatLedger } from './seat-ledger';

@Module({
  imports: [AuditModule, MailModule, ConsultationsModule, OrganisationsModule],
  controllers: [
    RegistrationsApiController,
    RegistrationsPagesController,
    MyRegistrationController,
    RegistrationChangesPagesController,
    CountersController,
  ],
  providers: [
    RegistrationsService,
    RegistrationSteps,
    RegistrationChanges,
    MyRegistrationService,
    SubstitutionNotices,
    CalendarAttachment,
    RegistrationQueries,
    RegistrationIntake,
    SeatLedger,
    RegistrationCounters,
    RegistrationNotices,
    OfferExpiryJob,
    ScheduleNotices,
    CheckInCodes,
  ],
  exports: [
    RegistrationsService,
    RegistrationChanges,
    RegistrationQueries,
    RegistrationCounters,
    CheckInCodes,
  ],
})
export class RegistrationsModule {}
