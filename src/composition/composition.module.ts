import { Module } from '@nestjs/common';
import { ConsultationsModule } from '../consultations/consultations.module';
import { FollowUpModule } from '../follow-up/follow-up.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ConsultationPageController } from './consultation-page.controller';
import { HomeController } from './home.controller';
import { InputsModule } from '../inputs/inputs.module';

/**
 * Pages that combine several modules (the home page today; the staff dashboard and the public
 * consultation page with its follow-up and calls for input next). It sits on top: it reads the
 * modules below through their services and no module imports it.
 */
@Module({
  imports: [ConsultationsModule, OrganisationsModule, FollowUpModule, InputsModule],
  controllers: [HomeController, ConsultationPageController],
})
export class CompositionModule {}
