import { Module } from '@nestjs/common';
import { PersonalDataSections } from './personal-data-sections';
import { RetentionSteps } from './retention-steps';

/**
 * The two registries through which a module says what personal data it holds: its retention steps
 * and its sections of a person's data export. A leaf: it imports no domain module.
 */
@Module({
  providers: [RetentionSteps, PersonalDataSections],
  exports: [RetentionSteps, PersonalDataSections],
})
export class DataProtectionModule {}
