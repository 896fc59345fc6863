import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { lettersConfig, retentionConfig } from '../config';
import { Consultation } from '../consultations/consultation.entity';
import { DataSubject, PersonalDataSections } from '../data-protection/personal-data-sections';
import { RetentionSteps } from '../data-protection/retention-steps';
import { Registration } from '../registrations/registration.entity';
import { LetterRequest } from './letter-request.entity';

const DAY_MS = 24 * 60 * 60 * 1000;
/** What a letter's passport name becomes once the participant's details are anonymised. */
export const ERASED_NAME = 'erased participant';

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
    @Inject(retentionConfig.KEY)
    private readonly keep: ConfigType<typeof retentionConfig>,
    private readonly retention: RetentionSteps,
    private readonly sections: PersonalDataSections,
  ) {}

  onModuleInit(): void {
    this.retention.register('letterPassports', (manager, now) => this.erasePassports(manager, now));
    this.retention.register('letterIdentities', (manager, now) => this.eraseNames(manager, now));
    this.sections.register('letterRequests', (manager, subject) => this.of(manager, subject));
  }

  /** Idempotent: a request whose passport data is erased is never touched again. */
  async erasePassports(manager: EntityManager, now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.passportRetentionDays * DAY_MS);
    return this.erase(manager, cutoff, now, { passportNumber: null, dateOfBirth: null });
  }

  /** Sets `changes` (and passportErasedAt) on the letters of consultations that ended before `cutoff`. */
  private async erase(
    manager: EntityManager,
    cutoff: Date,
    now: Date,
    changes: Partial<Pick<LetterRequest, 'passportNumber' | 'dateOfBirth' | 'passportName'>>,
  ): Promise<number> {
    const ended = manager
      .createQueryBuilder()
      .subQuery()
      .select('c.id')
      .from(Consultation, 'c')
      .where('c.endsAt < :cutoff')
      .getQuery();
    const builder = manager
      .createQueryBuilder()
      .update(LetterRequest)
      .set({ ...changes, passportErasedAt: () => `COALESCE("passportErasedAt", :now)` })
      .where(`consultationId IN ${ended}`, { cutoff, now });
    // Only the rows still holding what this step erases: a second run finds nothing.
    if ('passportName' in changes)
      builder.andWhere('passportName != :erased', { erased: ERASED_NAME });
    else builder.andWhere('passportErasedAt IS NULL');
    return (await builder.execute()).affected ?? 0;
  }

  /**
   * When the participant's own details are anonymised (RETENTION_PARTICIPANT_DAYS), the name in
   * their passport goes too: a code then verifies as expired, naming no one.
   */
  async eraseNames(manager: EntityManager, now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.keep.participantDays * DAY_MS);
    return this.erase(manager, cutoff, now, { passportName: ERASED_NAME });
  }

  /** The letter requests for registrations where the subject is the participant or the registrant. */
  async of(manager: EntityManager, subject: DataSubject): Promise<Record<string, unknown>[]> {
    const rows = await manager
      .createQueryBuilder(LetterRequest, 'l')
      .innerJoin(Registration, 'r', 'r.id = l.registrationId')
      // As registrant only while still a member: after leaving, the person is someone else's.
      .where(
        `(r.participantEmail = :email OR (r.registeredById = :userId AND r.organisationId IN
          (SELECT m."organisationId" FROM memberships m WHERE m."userId" = :userId)))`,
        subject,
      )
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
