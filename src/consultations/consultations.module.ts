import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ConsultationsService } from './consultations.service';
import { HomeController } from './home.controller';

@Module({
  imports: [OrganisationsModule],
  controllers: [HomeController],
  providers: [ConsultationsService],
  exports: [ConsultationsService],
})
export class ConsultationsModule {}
