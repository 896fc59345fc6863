import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DataProtectionModule } from '../data-protection/data-protection.module';
import { MailModule } from '../mail/mail.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { LetterDocuments } from './letter-documents';
import { LettersApiController } from './letters.api.controller';
import { LetterNotices } from './letters.notices';
import { LettersPagesController } from './letters.pages.controller';
import { LetterPages } from './letters.pages';
import { LetterQueries } from './letters.queries';
import { LettersPersonalData } from './letters.personal-data';
import { LettersService } from './letters.service';

@Module({
  imports: [AuditModule, DataProtectionModule, MailModule, OrganisationsModule, RateLimitModule],
  controllers: [LettersApiController, LettersPagesController],
  providers: [
    LettersService,
    LetterQueries,
    LetterPages,
    LetterNotices,
    LetterDocuments,
    LettersPersonalData,
  ],
})
export class LettersModule {}
