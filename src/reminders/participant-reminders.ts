import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DataSource, EntityManager, LessThanOrEqual, MoreThan } from 'typeorm';
import { Clock } from '../common/clock';
import { Links } from '../common/links';
import { Locale } from '../common/roles';
import { localise } from '../common/translations';
import { remindersConfig } from '../config';
import { ConsultationSession, SESSION_TEXT } from '../consultations/consultation-session.entity';
import { Consultation, ConsultationStatus } from '../consultations/consultation.entity';
import { consultationTexts } from '../consultations/consultation.views';
import { lockById } from '../database/locks';
import { Transactions } from '../database/transactions';
import { OutboxService } from '../mail/outbox.service';
import { countryName } from '../organisations/countries';
import { Registration, RegistrationStatus } from '../registrations/registration.entity';
import { addresseesOf } from '../registrations/registration.recipients';
import { claimReminder, withinLead } from './reminder-claims';
import { ReminderKind } from './reminder-sent.entity';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Reminders to the people of one registration: an offered seat about to expire (participant and
 * registering member), and the consultation about to start (the confirmed participant, with the
 * venue, the agenda and the configured attachments: their badge). Each is claimed per
 * registration and deadline — and, for the participant, per participant version, so a substitute
 * is reminded too — and re-checked under the consultation's lock before it is queued.
 */
@Injectable()
export class ParticipantReminders {
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
    const offers = await this.dataSource.getRepository(Registration).find({
      select: { id: true },
      where: {
        status: RegistrationStatus.Offered,
        offerExpiresAt: LessThanOrEqual(
          new Date(now.getTime() + this.config.offerExpiringHours * HOUR),
        ),
      },
    });
    let sent = 0;
    for (const { id } of offers) sent += await this.offerExpiring(id);
    const soon = await this.dataSource.getRepository(Consultation).find({
      select: { id: true },
      where: {
        status: ConsultationStatus.Published,
        startsAt: LessThanOrEqual(new Date(now.getTime() + this.config.consultationDays * DAY)),
        endsAt: MoreThan(now),
      },
    });
    for (const { id } of soon) {
      const confirmed = await this.dataSource.getRepository(Registration).find({
        select: { id: true },
        where: { consultationId: id, status: RegistrationStatus.Confirmed },
      });
      for (const registration of confirmed) sent += await this.consultationSoon(registration.id);
    }
    return sent;
  }

  private offerExpiring(id: string): Promise<number> {
    return this.transactions.run(async (manager) => {
      const { registration, consultation } = await this.locked(manager, id);
      const now = this.clock.now();
      const lead = this.config.offerExpiringHours * HOUR;
      if (
        registration.status !== RegistrationStatus.Offered ||
        !withinLead(now, registration.offerExpiresAt, lead)
      )
        return 0;
      const period = registration.offerExpiresAt!.toISOString();
      if (!(await claimReminder(manager, ReminderKind.OfferExpiring, id, period, now))) return 0;
      const delegation = `/organisations/${registration.organisationId}/delegation`;
      for (const [to, { locale }] of await addresseesOf(manager, [registration])) {
        await this.outbox.enqueue(manager, {
          to,
          template: 'reminder',
          locale,
          payload: {
            event: ReminderKind.OfferExpiring,
            ...this.about(consultation, registration, locale),
            deadline: period,
            actionUrl: `${this.links.to(delegation, { offer: id })}#registration-${id}`,
          },
        });
      }
      return 1;
    });
  }

  private consultationSoon(id: string): Promise<number> {
    return this.transactions.run(async (manager) => {
      const { registration, consultation } = await this.locked(manager, id);
      const now = this.clock.now();
      if (
        registration.status !== RegistrationStatus.Confirmed ||
        consultation.status !== ConsultationStatus.Published ||
        !withinLead(now, consultation.startsAt, this.config.consultationDays * DAY)
      )
        return 0;
      const period = `${consultation.startsAt.toISOString()}/v${registration.participantVersion}`;
      if (!(await claimReminder(manager, ReminderKind.ConsultationSoon, id, period, now))) return 0;
      const sessions = await manager.find(ConsultationSession, {
        where: { consultationId: consultation.id },
        order: { startsAt: 'ASC' },
      });
      const [[to, { locale }]] = await addresseesOf(manager, [registration], { members: false });
      await this.outbox.enqueue(manager, {
        to,
        template: 'reminder',
        locale,
        payload: {
          event: ReminderKind.ConsultationSoon,
          ...this.about(consultation, registration, locale),
          deadline: consultation.startsAt.toISOString(),
          venue: consultation.venue,
          city: consultation.city,
          country: countryName(consultation.country, locale),
          agenda: sessions.map((s) => ({
            title: localise({ ...s, language: consultation.language }, SESSION_TEXT, locale).title
              .text,
            startsAt: s.startsAt.toISOString(),
          })),
          actionUrl: this.links.to(`/consultations/${consultation.id}`),
          attachments: this.config.participantAttachments.map((kind) => ({
            kind,
            registrationId: registration.id,
            participantVersion: registration.participantVersion,
          })),
        },
      });
      return 1;
    });
  }

  /** The registration, reloaded under its consultation's lock (the lock every change of it takes). */
  private async locked(manager: EntityManager, id: string) {
    const found = await manager.findOneByOrFail(Registration, { id });
    const consultation = await lockById(manager, Consultation, found.consultationId);
    const registration = await manager.findOneByOrFail(Registration, { id });
    return { registration, consultation };
  }

  private about(consultation: Consultation, registration: Registration, locale: Locale) {
    const title = consultationTexts(consultation, locale).title;
    return {
      consultation: title.text,
      consultationLang: title.lang,
      participant: registration.participantName,
      timezone: consultation.timezone,
    };
  }
}
