import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ConsultationsModule } from '../consultations/consultations.module';
import { MailModule } from '../mail/mail.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { RegistrationsModule } from '../registrations/registrations.module';
import { BadgesApiController } from './badges.api.controller';
import { BadgesPagesController } from './badges.pages.controller';
import { BadgesService } from './badges.service';
import { CheckInsService } from './check-ins.service';

/** Badges with signed check-in codes, and check-in at the door by scanning them. */
@Module({
  imports: [AuditModule, MailModule, ConsultationsModule, OrganisationsModule, RegistrationsModule],
  controllers: [BadgesApiController, BadgesPagesController],
  providers: [BadgesService, CheckInsService],
})
export class BadgesModule {}
