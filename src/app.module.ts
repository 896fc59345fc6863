import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { AccountsModule } from './accounts/accounts.module';
import { AccreditationModule } from './accreditation/accreditation.module';
import { AuditModule } from './audit/audit.module';
import { BadgesModule } from './badges/badges.module';
import { CommonModule } from './common/common.module';
import { CompositionModule } from './composition/composition.module';
import { configNamespaces } from './config';
import { ConsultationsModule } from './consultations/consultations.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { FollowUpModule } from './follow-up/follow-up.module';
import { FundingModule } from './funding/funding.module';
import { HealthController } from './health/health.controller';
import { HostModule } from './host/host.module';
import { InputsModule } from './inputs/inputs.module';
import { LettersModule } from './letters/letters.module';
import { MailModule } from './mail/mail.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PersonalDataModule } from './personal-data/personal-data.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RegistrationsModule } from './registrations/registrations.module';
import { RemindersModule } from './reminders/reminders.module';
import { WorkspaceModule } from './workspace/workspace.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: configNamespaces }),
    ScheduleModule.forRoot(),
    DatabaseModule,
    CommonModule,
    AuditModule,
    MailModule,
    HostModule,
    RateLimitModule,
    AccountsModule,
    OrganisationsModule,
    AccreditationModule,
    ConsultationsModule,
    InputsModule,
    RegistrationsModule,
    FundingModule,
    BadgesModule,
    LettersModule,
    FollowUpModule,
    RemindersModule,
    WebhooksModule,
    CompositionModule,
    PersonalDataModule,
    WorkspaceModule,
    DemoModule,
  ],
  controllers: [HealthController],
})
export class AppModule {}
