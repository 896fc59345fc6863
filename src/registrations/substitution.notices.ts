import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { User } from '../accounts/user.entity';
import { Links } from '../common/links';
import { Locale } from '../common/roles';
import { Consultation } from '../consultations/consultation.entity';
import { consultationTexts } from '../consultations/consultation.views';
import { MailKind } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { Organisation } from '../organisations/organisation.entity';
import { PendingSubstitute, Registration, RegistrationStatus } from './registration.entity';

/** The calendar entry a mail asks the worker to attach (rendered at send time by its owner). */
export interface CalendarRequest {
  kind: 'calendar';
  registrationId: string;
  participantVersion: number;
  method?: 'REQUEST' | 'CANCEL';
}

interface Letter {
  to: string;
  locale: Locale;
  event: string;
  participant: string;
  previous?: string;
  reason?: string;
  participantUrl?: string;
  member?: boolean;
  attachments?: CalendarRequest[];
}

/**
 * Who is told of a substitution: the person who leaves (with their calendar entry cancelled),
 * the person who arrives (with their own entry and their own link), and the member who
 * registered them, once. A request and a declined request tell the member only.
 */
@Injectable()
export class SubstitutionNotices {
  constructor(
    private readonly outbox: OutboxService,
    private readonly links: Links,
  ) {}

  async swapped(
    manager: EntityManager,
    registration: Registration,
    consultation: Consultation,
    previous: { name: string; email: string; version: number },
    token: string,
  ): Promise<void> {
    const member = await this.member(manager, registration);
    const fallback = member?.locale ?? 'en';
    const arrivingLocale =
      (await this.accountLocale(manager, registration.participantEmail)) ?? fallback;
    // Only a confirmed seat had, and has, a calendar entry.
    const calendar = registration.status === RegistrationStatus.Confirmed;
    const letters: Letter[] = [
      {
        to: previous.email,
        locale: (await this.accountLocale(manager, previous.email)) ?? fallback,
        event: 'substituted_out',
        participant: previous.name,
        attachments: calendar
          ? [calendarEntry(registration.id, previous.version, 'CANCEL')]
          : undefined,
      },
      {
        to: registration.participantEmail,
        locale: arrivingLocale,
        event: 'substituted_in',
        participant: registration.participantName,
        // The page opens in the language the mail is written in.
        participantUrl: this.links.to('/my-registration', { token, lang: arrivingLocale }),
        attachments: calendar
          ? [calendarEntry(registration.id, registration.participantVersion)]
          : undefined,
      },
    ];
    if (member && ![previous.email, registration.participantEmail].includes(member.email))
      letters.push({
        to: member.email,
        locale: member.locale,
        event: 'substituted',
        participant: registration.participantName,
        previous: previous.name,
        member: true,
      });
    for (const letter of letters) await this.send(manager, registration, consultation, letter);
  }

  async requested(manager: EntityManager, registration: Registration, consultation: Consultation) {
    await this.toMember(manager, registration, consultation, 'substitution_requested', '');
  }

  async declined(
    manager: EntityManager,
    registration: Registration,
    consultation: Consultation,
    pending: PendingSubstitute,
    reason: string,
  ) {
    await this.toMember(manager, registration, consultation, 'substitution_declined', reason, {
      previous: pending.participantName,
    });
  }

  private async toMember(
    manager: EntityManager,
    registration: Registration,
    consultation: Consultation,
    event: string,
    reason: string,
    extra: Partial<Letter> = {},
  ): Promise<void> {
    const member = await this.member(manager, registration);
    if (!member) return;
    const participant = registration.pendingSubstitute?.participantName ?? '';
    await this.send(manager, registration, consultation, {
      to: member.email,
      locale: member.locale,
      event,
      participant: extra.previous ?? participant,
      previous: registration.participantName,
      reason,
      member: true,
    });
  }

  private async send(
    manager: EntityManager,
    registration: Registration,
    consultation: Consultation,
    letter: Letter,
  ): Promise<void> {
    const organisation = await manager.findOneByOrFail(Organisation, {
      id: registration.organisationId,
    });
    const title = consultationTexts(consultation, letter.locale).title;
    await this.outbox.enqueue(manager, {
      to: letter.to,
      template: 'registration',
      locale: letter.locale,
      kind: MailKind.Staff,
      payload: {
        event: letter.event,
        participant: letter.participant,
        previous: letter.previous ?? '',
        organisation: organisation.name,
        consultation: title.text,
        consultationLang: title.lang,
        city: consultation.city,
        startsAt: consultation.startsAt.toISOString(),
        timezone: consultation.timezone,
        position: null,
        offerExpiresAt: null,
        reason: letter.reason ?? '',
        consultationUrl: this.links.to(`/consultations/${consultation.id}`),
        // Links that need a member's account go only to members.
        ...(letter.member
          ? { delegationUrl: this.links.to(`/organisations/${organisation.id}/delegation`) }
          : {}),
        ...(letter.participantUrl ? { participantUrl: letter.participantUrl } : {}),
        ...(letter.attachments ? { attachments: letter.attachments } : {}),
      },
    });
  }

  private async member(manager: EntityManager, registration: Registration) {
    const member = await manager.findOneBy(User, { id: registration.registeredById });
    return member && !member.disabledAt ? member : null;
  }

  private async accountLocale(manager: EntityManager, email: string): Promise<Locale | null> {
    return (await manager.findOneBy(User, { email }))?.locale ?? null;
  }
}

export function calendarEntry(
  registrationId: string,
  participantVersion: number,
  method?: 'CANCEL',
): CalendarRequest {
  return { kind: 'calendar', registrationId, participantVersion, ...(method ? { method } : {}) };
}
