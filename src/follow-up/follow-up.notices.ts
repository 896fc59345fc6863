import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Links } from '../common/links';
import { Locale, UserRole } from '../common/roles';
import { localise } from '../common/translations';
import { selectRows } from '../database/raw-sql';
import { OutboxService } from '../mail/outbox.service';
import { ACTION_POINT_TEXT, ActionPoint } from './action-point.entity';

interface Party {
  id: string;
  email: string;
  name: string;
  locale: Locale;
}

export type ActionPointEvent = 'assigned' | 'updated' | 'due' | 'overdue';

/**
 * The responsible parties of an action point: the focal points of its organisations and, when the
 * host is responsible, the administrators (who speak for the host), none disabled.
 */
const focalPointsOf = (
  count: number,
) => `SELECT DISTINCT u.id, u.email, u.name, u.locale FROM users u
  JOIN memberships m ON m."userId" = u.id
  WHERE m.role = 'focal_point' AND u."disabledAt" IS NULL
    AND m."organisationId" IN (${Array.from({ length: count }, () => '?').join(', ')})`;

/**
 * Who is told what about an action point: its responsible parties, each in their own language,
 * through the outbox of the change's transaction; the author of an update is not told of it.
 */
@Injectable()
export class FollowUpNotices {
  constructor(
    private readonly outbox: OutboxService,
    private readonly links: Links,
  ) {}

  async tell(
    manager: EntityManager,
    point: ActionPoint,
    event: ActionPointEvent,
    options: { exceptUserId?: string; organisationIds?: string[]; update?: string } = {},
  ): Promise<number> {
    const recipients = await this.parties(manager, point, options.organisationIds);
    let sent = 0;
    for (const person of recipients) {
      if (person.id === options.exceptUserId) continue;
      const text = localise(point, ACTION_POINT_TEXT, person.locale).text;
      await this.outbox.enqueue(manager, {
        to: person.email,
        template: 'action-point',
        locale: person.locale,
        payload: {
          event,
          name: person.name,
          reference: point.reference,
          text: text.text,
          textLang: text.lang,
          targetDate: point.targetDate ?? '',
          update: options.update ?? '',
          url: this.links.to(`/follow-up/${point.id}`),
        },
      });
      sent++;
    }
    return sent;
  }

  private async parties(
    manager: EntityManager,
    point: ActionPoint,
    organisationIds = point.responsibleOrganisationIds,
  ): Promise<Party[]> {
    const people = new Map<string, Party>();
    const add = (rows: Record<string, unknown>[]) => {
      for (const row of rows)
        people.set(String(row.id), {
          id: String(row.id),
          email: String(row.email),
          name: String(row.name ?? ''),
          locale: row.locale as Locale,
        });
    };
    if (organisationIds.length) {
      add(await selectRows(manager, focalPointsOf(organisationIds.length), organisationIds));
    }
    if (point.responsibleHost)
      add(
        await selectRows(
          manager,
          `SELECT id, email, name, locale FROM users WHERE role = ? AND "disabledAt" IS NULL`,
          [UserRole.Admin],
        ),
      );
    return [...people.values()].sort((a, b) => a.email.localeCompare(b.email));
  }
}
