import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { AccountsModule } from './accounts/accounts.module';
import { AccreditationModule } from './accreditation/accreditation.module';
import { AuditModule } from './audit/audit.module';
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
import { MailModule } from './mail/mail.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RegistrationsModule } from './registrations/registrations.module';
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
    FollowUpModule,
    WebhooksModule,
    CompositionModule,
    DemoModule,
  ],
  controllers: [HealthController],
})
export class AppModule {}
