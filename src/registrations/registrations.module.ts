import { Module } from '@nestjs/common';
import { ConsultationsModule } from '../consultations/consultations.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { OfferExpiryJob } from './offer-expiry.job';
import { RegistrationIntake } from './registration.intake';
import { RegistrationNotices } from './registration.notices';
import { RegistrationQueries } from './registration.queries';
import { RegistrationsApiController } from './registrations.api.controller';
import { RegistrationsPagesController } from './registrations.pages.controller';
import { RegistrationsService } from './registrations.service';
import { SeatLedger } from './seat-ledger';

@Module({
  imports: [ConsultationsModule, OrganisationsModule],
  controllers: [RegistrationsApiController, RegistrationsPagesController],
  providers: [
    RegistrationsService,
    RegistrationQueries,
    RegistrationIntake,
    SeatLedger,
    RegistrationNotices,
    OfferExpiryJob,
  ],
  exports: [RegistrationsService],
})
export class RegistrationsModule {}
