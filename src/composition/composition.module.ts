import { Module } from '@nestjs/common';
import { ConsultationsModule } from '../consultations/consultations.module';
import { FollowUpModule } from '../follow-up/follow-up.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { ConsultationPageController } from './consultation-page.controller';
import { HomeController } from './home.controller';
import { InputsModule } from '../inputs/inputs.module';
import { StaffDashboardController } from './staff-dashboard.controller';
import { StaffDashboardQueries } from './staff-dashboard.queries';

/**
 * Pages that combine several modules: the home page, the public consultation page with its
 * follow-up and calls for input, and the staff dashboard. It sits on top: it reads the
 * modules below through their services and no module imports it.
 */
@Module({
  imports: [ConsultationsModule, OrganisationsModule, FollowUpModule, InputsModule],
  controllers: [HomeController, ConsultationPageController, StaffDashboardController],
  providers: [StaffDashboardQueries],
})
export class CompositionModule {}
