import { Module } from '@nestjs/common';
import { ConsultationsModule } from '../consultations/consultations.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { FundingApiController } from './funding.api.controller';
import { FundingPagesController } from './funding.pages.controller';
import { FundingService } from './funding.service';

@Module({
  imports: [ConsultationsModule, OrganisationsModule, RegistrationsModule],
  controllers: [FundingApiController, FundingPagesController],
  providers: [FundingService],
})
export class FundingModule {}
