import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { Consultation } from '../consultations/consultation.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Registration, RegistrationStatus } from '../registrations/registration.entity';
import { ConfirmedTallies, PriorityContext } from './priority';

/** The facts of a consultation that priority scores read: who is confirmed, who came before. */
@Injectable()
export class PriorityQueries {
  constructor(private readonly clock: Clock) {}

  /** Today's context, for every organisation of the consultation or just `organisationId`. */
  async context(
    manager: EntityManager,
    consultationId: string,
    organisationId?: string,
  ): Promise<PriorityContext> {
    const tallies = await this.confirmedTallies(manager, consultationId);
    const returning = await this.returningOrganisations(manager, consultationId, organisationId);
    return { tallies, returning, currentYear: this.clock.now().getUTCFullYear() };
  }

  /**
   * Organisations of this consultation (or just `organisationId`) that had a confirmed or
   * checked-in participant at an earlier consultation, by date: later ones do not count.
   */
  async returningOrganisations(
    manager: EntityManager,
    consultationId: string,
    organisationId?: string,
  ): Promise<Set<string>> {
    const query = manager
      .getRepository(Registration)
      .createQueryBuilder('r')
      .innerJoin(Consultation, 'c', 'c.id = r.consultationId')
      .select('DISTINCT r.organisationId', 'organisationId')
      .where(
        'c.startsAt < (SELECT x."startsAt" FROM consultations x WHERE x.id = :consultationId)',
        { consultationId },
      )
      .andWhere('(r.status = :confirmed OR r.checkedInAt IS NOT NULL)', {
        confirmed: RegistrationStatus.Confirmed,
      });
    if (organisationId) query.andWhere('r.organisationId = :organisationId', { organisationId });
    else
      query.andWhere(
        'r.organisationId IN (SELECT t."organisationId" FROM registrations t WHERE t."consultationId" = :consultationId)',
      );
    const rows = await query.getRawMany<{ organisationId: string }>();
    return new Set(rows.map((r) => r.organisationId));
  }

  private async confirmedTallies(
    manager: EntityManager,
    consultationId: string,
  ): Promise<ConfirmedTallies> {
    const rows: { region: string; gender: string; count: string | number }[] = await manager
      .getRepository(Registration)
      .createQueryBuilder('r')
      .innerJoin(Organisation, 'o', 'o.id = r.organisationId')
      .select('o.region', 'region')
      .addSelect('r.gender', 'gender')
      .addSelect('COUNT(*)', 'count')
      .where('r.consultationId = :consultationId AND r.status = :confirmed', {
        consultationId,
        confirmed: RegistrationStatus.Confirmed,
      })
      .groupBy('o.region')
      .addGroupBy('r.gender')
      .getRawMany();
    const byRegion: Record<string, number> = {};
    const byGender: Record<string, number> = {};
    for (const row of rows) {
      byRegion[row.region] = (byRegion[row.region] ?? 0) + Number(row.count);
      byGender[row.gender] = (byGender[row.gender] ?? 0) + Number(row.count);
    }
    return { byRegion, byGender };
  }
}
