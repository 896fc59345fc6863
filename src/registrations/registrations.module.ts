import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { ConsultationsModule } from '../consultations/consultations.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { CountersController } from './counters.controller';
import { OfferExpiryJob } from './offer-expiry.job';
import { RegistrationCounters } from './registration-counters';
import { RegistrationIntake } from './registration.intake';
import { RegistrationNotices } from './registration.notices';
import { RegistrationQueries } from './registration.queries';
import { RegistrationsApiController } from './registrations.api.controller';
import { RegistrationsPagesController } from './registrations.pages.controller';
import { RegistrationsService } from './registrations.service';
import { SeatLedger } from './seat-ledger';

@Module({
  imports: [AuditModule, MailModule, ConsultationsModule, OrganisationsModule],
  controllers: [RegistrationsApiController, RegistrationsPagesController, CountersController],
  providers: [
    RegistrationsService,
    RegistrationQueries,
    RegistrationIntake,
    SeatLedger,
    RegistrationCounters,
    RegistrationNotices,
    OfferExpiryJob,
  ],
  exports: [RegistrationsService, RegistrationQueries],
})
export class RegistrationsModule {}
