import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DataSource, EntityManager, In } from 'typeorm';
import { User } from '../accounts/user.entity';
import { Clock } from '../common/clock';
import { Links } from '../common/links';
import { remindersConfig } from '../config';
import {
  Consultation,
  ConsultationStatus,
  Eligibility,
} from '../consultations/consultation.entity';
import { consultationTexts } from '../consultations/consultation.views';
import { Transactions } from '../database/transactions';
import { FundingApplication } from '../funding/funding-application.entity';
import { OutboxService } from '../mail/outbox.service';
import { Membership, MembershipRole } from '../organisations/membership.entity';
import { ObserverStatus, Organisation } from '../organisations/organisation.entity';
import { ACTIVE_STATUSES, Registration } from '../registrations/registration.entity';
import { claimReminder, withinLead } from './reminder-claims';
import { ReminderKind } from './reminder-sent.entity';

const DAY = 86_400_000;

/**
 * Reminders to organisations about a consultation's deadlines, one claim per consultation and
 * deadline (a moved deadline reminds again): registration closes soon (focal points of every
 * eligible organisation: observers for an observers-only consultation, else every organisation
 * with a focal point), and the funding deadline is near (every member of an organisation with a
 * registration that has no funding application, when the consultation has a budget).
 */
@Injectable()
export class OrganisationReminders {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly outbox: OutboxService,
    private readonly links: Links,
    private readonly clock: Clock,
    @Inject(remindersConfig.KEY) private readonly config: ConfigType<typeof remindersConfig>,
  ) {}

  async run(): Promise<number> {
    const now = this.clock.now();
    const published = await this.dataSource
      .getRepository(Consultation)
      .findBy({ status: ConsultationStatus.Published });
    let sent = 0;
    for (const c of published) {
      if (withinLead(now, c.registrationClosesAt, this.config.registrationClosingDays * DAY))
        sent += await this.once(c, ReminderKind.RegistrationClosing, c.registrationClosesAt);
      if (
        c.fundingBudgetMinor > 0 &&
        withinLead(now, c.fundingDeadline, this.config.fundingDeadlineDays * DAY)
      )
        sent += await this.once(c, ReminderKind.FundingDeadline, c.fundingDeadline!);
    }
    return sent;
  }

  private once(c: Consultation, kind: ReminderKind, deadline: Date): Promise<number> {
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      if (!(await claimReminder(manager, kind, c.id, deadline.toISOString(), now))) return 0;
      const people =
        kind === ReminderKind.RegistrationClosing
          ? await this.eligibleFocalPoints(manager, c)
          : await this.membersWithoutFunding(manager, c);
      for (const [user, organisations] of people) {
        const title = consultationTexts(c, user.locale).title;
        await this.outbox.enqueue(manager, {
          to: user.email,
          template: 'reminder',
          locale: user.locale,
          payload: {
            event: kind,
            name: user.name,
            consultation: title.text,
            consultationLang: title.lang,
            organisation: organisations.join(', '),
            deadline: deadline.toISOString(),
            timezone: c.timezone,
            actionUrl: this.links.to(
              kind === ReminderKind.RegistrationClosing
                ? `/consultations/${c.id}/register`
                : `/consultations/${c.id}`,
            ),
          },
        });
      }
      return 1;
    });
  }

  private async eligibleFocalPoints(manager: EntityManager, c: Consultation) {
    const query = manager
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.user', 'u')
      .innerJoinAndSelect('m.organisation', 'o')
      .where('m.role = :role', { role: MembershipRole.FocalPoint })
      .andWhere('u.disabledAt IS NULL')
      .orderBy('o.name', 'ASC');
    if (c.eligibility === Eligibility.ObserversOnly)
      query.andWhere('o.observerStatus = :observer', { observer: ObserverStatus.Observer });
    return byUser(await query.getMany());
  }

  private async membersWithoutFunding(manager: EntityManager, c: Consultation) {
    const unfunded = await manager
      .getRepository(Registration)
      .createQueryBuilder('r')
      .select('DISTINCT r.organisationId', 'organisationId')
      .where('r.consultationId = :id', { id: c.id })
      .andWhere('r.status IN (:...statuses)', { statuses: ACTIVE_STATUSES })
      .andWhere(
        `NOT EXISTS (${manager
          .getRepository(FundingApplication)
          .createQueryBuilder('f')
          .select('1')
          .where('f.registrationId = r.id')
          .getQuery()})`,
      )
      .getRawMany<{ organisationId: string }>();
    if (!unfunded.length) return new Map<User, string[]>();
    const memberships = await manager.find(Membership, {
      where: { organisationId: In(unfunded.map((row) => row.organisationId)) },
      relations: { user: true, organisation: true },
      order: { createdAt: 'ASC' },
    });
    return byUser(memberships.filter((m) => !m.user!.disabledAt));
  }
}

/** One entry per person, with the names of their organisations concerned. */
function byUser(memberships: (Membership & { organisation?: Organisation })[]) {
  const people = new Map<string, { user: User; organisations: string[] }>();
  for (const m of memberships) {
    const entry = people.get(m.userId) ?? { user: m.user!, organisations: [] };
    entry.organisations.push(m.organisation!.name);
    people.set(m.userId, entry);
  }
  return new Map([...people.values()].map((p) => [p.user, p.organisations]));
}
