import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { ConsultationsModule } from '../consultations/consultations.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { FundingApiController } from './funding.api.controller';
import { FundingPagesController } from './funding.pages.controller';
import { BudgetLedger } from './budget-ledger';
import { FundingNotices } from './funding.notices';
import { FundingReports } from './funding.reports';
import { FundingService } from './funding.service';
import { PriorityQueries } from './priority.queries';

@Module({
  imports: [AuditModule, MailModule, ConsultationsModule, OrganisationsModule, RegistrationsModule],
  controllers: [FundingApiController, FundingPagesController],
  providers: [FundingService, FundingReports, BudgetLedger, PriorityQueries, FundingNotices],
})
export class FundingModule {}
