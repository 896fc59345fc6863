import { Module } from '@nestjs/common';
import { ConsultationsService } from './consultations.service';
import { HomeController } from './home.controller';

@Module({
  controllers: [HomeController],
  providers: [ConsultationsService],
  exports: [ConsultationsService],
})
export class ConsultationsModule {}
