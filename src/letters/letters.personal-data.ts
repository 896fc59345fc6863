import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { lettersConfig } from '../config';
import { Consultation } from '../consultations/consultation.entity';
import { DataSubject, PersonalDataSections } from '../data-protection/personal-data-sections';
import { RetentionSteps } from '../data-protection/retention-steps';
import { Registration } from '../registrations/registration.entity';
import { LetterRequest } from './letter-request.entity';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What the letters module gives the personal-data machinery: the retention rule for passport data
 * (erased RETENTION_PASSPORT_DAYS after the consultation ends; a letter then verifies as expired,
 * with the passport name but no number) and the `letterRequests` section of "your data", without
 * passport number or date of birth.
 */
@Injectable()
export class LettersPersonalData implements OnModuleInit {
  constructor(
    @Inject(lettersConfig.KEY) private readonly config: ConfigType<typeof lettersConfig>,
    private readonly retention: RetentionSteps,
    private readonly sections: PersonalDataSections,
  ) {}

  onModuleInit(): void {
    this.retention.register('letterPassports', (manager, now) => this.erasePassports(manager, now));
    this.sections.register('letterRequests', (manager, subject) => this.of(manager, subject));
  }

  /** Idempotent: a request whose passport data is erased is never touched again. */
  async erasePassports(manager: EntityManager, now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.passportRetentionDays * DAY_MS);
    const ended = manager
      .createQueryBuilder()
      .subQuery()
      .select('c.id')
      .from(Consultation, 'c')
      .where('c.endsAt < :cutoff')
      .getQuery();
    const result = await manager
      .createQueryBuilder()
      .update(LetterRequest)
      .set({ passportNumber: null, dateOfBirth: null, passportErasedAt: now })
      .where('passportErasedAt IS NULL')
      .andWhere(`consultationId IN ${ended}`, { cutoff })
      .execute();
    return result.affected ?? 0;
  }

  /** The letter requests for registrations where the subject is the participant or the registrant. */
  async of(manager: EntityManager, subject: DataSubject): Promise<Record<string, unknown>[]> {
    const rows = await manager
      .createQueryBuilder(LetterRequest, 'l')
      .innerJoin(Registration, 'r', 'r.id = l.registrationId')
      .where('(r.participantEmail = :email OR r.registeredById = :userId)', subject)
      .orderBy('l.createdAt', 'ASC')
      .getMany();
    return rows.map((l) => ({
      id: l.id,
      registrationId: l.registrationId,
      status: l.status,
      passportName: l.passportName,
      nationality: l.nationality,
      passportExpiry: l.passportExpiry,
      consulateCity: l.consulateCity,
      consulateCountry: l.consulateCountry,
      arrivalDate: l.arrivalDate,
      departureDate: l.departureDate,
      issuedAt: l.issuedAt?.toISOString() ?? null,
      revokedAt: l.revokedAt?.toISOString() ?? null,
      passportErasedAt: l.passportErasedAt?.toISOString() ?? null,
      createdAt: l.createdAt.toISOString(),
    }));
  }
}
