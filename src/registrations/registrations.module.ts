import { Module } from '@nestjs/common';
import { ConsultationsModule } from '../consultations/consultations.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { RegistrationsApiController } from './registrations.api.controller';
import { RegistrationsPagesController } from './registrations.pages.controller';
import { RegistrationsService } from './registrations.service';

@Module({
  imports: [ConsultationsModule, OrganisationsModule],
  controllers: [RegistrationsApiController, RegistrationsPagesController],
  providers: [RegistrationsService],
  exports: [RegistrationsService],
})
export class RegistrationsModule {}
