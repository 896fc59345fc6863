import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { ConsultationsModule } from '../consultations/consultations.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { CheckInCodes } from './check-in-code';
import { OfferExpiryJob } from './offer-expiry.job';
import { RegistrationIntake } from './registration.intake';
import { RegistrationNotices } from './registration.notices';
import { RegistrationQueries } from './registration.queries';
import { RegistrationsApiController } from './registrations.api.controller';
import { RegistrationsPagesController } from './registrations.pages.controller';
import { RegistrationsService } from './registrations.service';
import { SeatLedger } from './seat-ledger';
import { WAITING_LIST_COUNT } from '../consultations/seats';
import { RegistrationsWaitingListCount } from './waiting-list-count';

@Module({
  imports: [AuditModule, MailModule, ConsultationsModule, OrganisationsModule],
  controllers: [RegistrationsApiController, RegistrationsPagesController],
  providers: [
    RegistrationsService,
    RegistrationQueries,
    RegistrationIntake,
    SeatLedger,
    RegistrationNotices,
    OfferExpiryJob,
    CheckInCodes,
    { provide: WAITING_LIST_COUNT, useClass: RegistrationsWaitingListCount },
  ],
  exports: [RegistrationsService, RegistrationQueries, CheckInCodes],
})
export class RegistrationsModule {}
