import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ConsultationsApiController } from './consultations.api.controller';
import { ConsultationsPagesController } from './consultations.pages.controller';
import { ConsultationsService } from './consultations.service';

@Module({
  imports: [AuditModule, OrganisationsModule],
  controllers: [ConsultationsApiController, ConsultationsPagesController],
  providers: [ConsultationsService],
  exports: [ConsultationsService],
})
export class ConsultationsModule {}
