import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { AccreditationModule } from '../accreditation/accreditation.module';
import { DataProtectionModule } from '../data-protection/data-protection.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { AccountDeletionService } from './account-deletion.service';
import { MyDataService } from './my-data.service';
import { PersonalDataApiController } from './personal-data.api.controller';
import { PersonalDataPagesController } from './personal-data.pages.controller';
import { PublishedParticipantsService } from './published-participants.service';
import { RetentionController } from './retention.controller';
import { RetentionJob } from './retention.job';
import { RetentionRules } from './retention.rules';

/**
 * A person's rights over their data (export, deletion), the daily retention job, and the published
 * participant list. It reads every module that holds personal data; nothing imports it.
 */
@Module({
  imports: [
    AccountsModule,
    AccreditationModule,
    AuditModule,
    DataProtectionModule,
    RateLimitModule,
  ],
  controllers: [PersonalDataApiController, PersonalDataPagesController, RetentionController],
  providers: [
    AccountDeletionService,
    MyDataService,
    PublishedParticipantsService,
    RetentionJob,
    RetentionRules,
  ],
})
export class PersonalDataModule {}
