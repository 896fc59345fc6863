import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { InvalidInputError, invalidTransition } from '../common/domain-error';
import { toLocalInput } from '../common/dates';
import { isStaff } from '../common/roles';
import { compactTranslations, translationIntoOriginal } from '../common/translations';
import { SignedInUser } from '../common/web';
import { ConsultationSession } from '../consultations/consultation-session.entity';
import { Consultation } from '../consultations/consultation.entity';
import { lockById } from '../database/locks';
import { Transactions } from '../database/transactions';
import { Membership, MembershipRole } from '../organisations/membership.entity';
import { Organisation } from '../organisations/organisation.entity';
import { ACTION_POINT_TEXT, ActionPoint, ActionPointStatus } from './action-point.entity';
import { ActionPointUpdate, UpdateKind } from './action-point-update.entity';
import { canMove, csoMayAsk, isReopening } from './action-point.rules';
import {
  ActionPointUpdateDto,
  CreateActionPointDto,
  OutcomeDto,
  UpdateActionPointDto,
} from './dto/follow-up.dto';
import {
  noCompletionProposed,
  notResponsible,
  referenceTaken,
  statusIsStaffs,
  unknownOrganisations,
  unknownSession,
} from './follow-up.errors';
import { FollowUpNotices } from './follow-up.notices';
import { ITEM_TEXT, Outcome, OUTCOME_TEXT } from './outcome.entity';
import { SubmissionLinks } from './submission-links';

/** The adopting consultation's year, in its own time zone. */
export function yearOf(consultation: Consultation): number {
  return Number(toLocalInput(consultation.startsAt, consultation.timezone).slice(0, 4));
}

/**
 * What a consultation concluded and promised, and how each promise is kept: the outcome (admins),
 * action points adopted and edited (admins), their progress (staff and the focal points of the
 * organisations responsible), each in one transaction with its audit and its mail.
 */
@Injectable()
export class FollowUpService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly notices: FollowUpNotices,
    private readonly submissions: SubmissionLinks,
  ) {}

  /** Writes (or rewrites) the consultation's outcome; lists given replace the stored ones. */
  async saveOutcome(admin: SignedInUser, consultationId: string, input: OutcomeDto) {
    return this.transactions.run(async (manager) => {
      await lockById(manager, Consultation, consultationId);
      const outcome =
        (await manager.findOneBy(Outcome, { consultationId })) ??
        manager.create(Outcome, {
          consultationId,
          summary: '',
          language: 'en',
          translations: {},
          conclusions: [],
          recommendations: [],
        });
      if (input.language) outcome.language = input.language;
      if (input.summary !== undefined) outcome.summary = input.summary.trim();
      if (input.translations)
        outcome.translations = compactTranslations(input.translations, OUTCOME_TEXT);
      if (input.conclusions) {
        await this.assertSessions(manager, consultationId, input.conclusions);
        outcome.conclusions = input.conclusions.map((c) => ({
          sessionId: c.sessionId ?? null,
          text: c.text,
          translations: compactTranslations(c.translations, ITEM_TEXT),
        }));
      }
      if (input.recommendations) {
        await this.submissions.assertLinkable(manager, consultationId, input.recommendations);
        outcome.recommendations = input.recommendations.map((r) => ({
          text: r.text,
          submissionIds: r.submissionIds ?? [],
          translations: compactTranslations(r.translations, ITEM_TEXT),
        }));
      }
      this.assertNoTranslationIntoOriginal(outcome);
      outcome.updatedById = admin.id;
      await manager.save(outcome);
      await this.audit.record(manager, {
        actorId: admin.id,
        action: 'outcome.saved',
        entity: 'consultation',
        entityId: consultationId,
        details: { fields: Object.keys(input) },
      });
      return outcome;
    });
  }

  /** Adopts an action point for the consultation; its responsible parties are told. */
  async adopt(admin: SignedInUser, consultationId: string, input: CreateActionPointDto) {
    return this.transactions.run(async (manager) => {
      const consultation = await lockById(manager, Consultation, consultationId);
      const year = yearOf(consultation);
      const reference =
        input.reference ?? (await this.nextReference(manager, consultationId, year));
      if (await manager.existsBy(ActionPoint, { reference })) throw referenceTaken();
      const language = input.language ?? 'en';
      const responsibleOrganisationIds = input.responsibleOrganisationIds ?? [];
      await this.assertOrganisations(manager, responsibleOrganisationIds);
      const errors = translationIntoOriginal(language, input.translations);
      if (Object.keys(errors).length) throw new InvalidInputError(errors);
      const point = await manager.save(
        manager.create(ActionPoint, {
          reference,
          consultationId,
          year,
          text: input.text,
          language,
          translations: compactTranslations(input.translations, ACTION_POINT_TEXT),
          responsibleHost: input.responsibleHost ?? false,
          responsibleOrganisationIds,
          themes: input.themes ?? [],
          targetDate: input.targetDate ?? null,
          status: ActionPointStatus.Open,
          completionProposed: false,
          lastActivityAt: this.clock.now(),
        }),
      );
      await this.audit.record(manager, {
        actorId: admin.id,
        action: 'action_point.adopted',
        entity: 'action_point',
        entityId: point.id,
        details: { reference, consultationId },
      });
      await this.notices.tell(manager, point, 'assigned', { exceptUserId: admin.id });
      return point;
    });
  }

  /**
   * Edits an action point, or decides a proposed completion (`completion: confirm` completes it,
   * `refuse` leaves it in progress); newly responsible organisations are told.
   */
  async edit(admin: SignedInUser, id: string, input: UpdateActionPointDto) {
    return this.transactions.run(async (manager) => {
      const point = await lockById(manager, ActionPoint, id);
      const { completion, reason, ...fields } = input;
      const before = [...point.responsibleOrganisationIds];
      if (fields.reference && fields.reference !== point.reference) {
        if (await manager.existsBy(ActionPoint, { reference: fields.reference }))
          throw referenceTaken();
        point.reference = fields.reference;
      }
      if (fields.responsibleOrganisationIds) {
        await this.assertOrganisations(manager, fields.responsibleOrganisationIds);
        point.responsibleOrganisationIds = fields.responsibleOrganisationIds;
      }
      if (fields.text !== undefined) point.text = fields.text;
      if (fields.language) point.language = fields.language;
      if (fields.translations)
        point.translations = compactTranslations(fields.translations, ACTION_POINT_TEXT);
      if (fields.responsibleHost !== undefined) point.responsibleHost = fields.responsibleHost;
      if (fields.themes) point.themes = fields.themes;
      if (fields.targetDate !== undefined) point.targetDate = fields.targetDate;
      const errors = translationIntoOriginal(point.language, point.translations);
      if (Object.keys(errors).length) throw new InvalidInputError(errors);
      if (completion) await this.decideCompletion(manager, admin, point, completion, reason);
      await manager.save(point);
      await this.audit.record(manager, {
        actorId: admin.id,
        action: completion ? `action_point.completion_${completion}ed` : 'action_point.edited',
        entity: 'action_point',
        entityId: id,
        details: { fields: Object.keys(fields) },
      });
      const added = point.responsibleOrganisationIds.filter((org) => !before.includes(org));
      if (added.length)
        await this.notices.tell(manager, point, 'assigned', {
          exceptUserId: admin.id,
          organisationIds: added,
        });
      return point;
    });
  }

  /**
   * A progress update by staff or a focal point of a responsible organisation; it may move the
   * status along DESIGN.md's transitions. A CSO asking for `completed` only proposes it.
   */
  async postUpdate(author: SignedInUser, id: string, input: ActionPointUpdateDto) {
    return this.transactions.run(async (manager) => {
      const point = await lockById(manager, ActionPoint, id);
      const staff = isStaff(author);
      const from = point.status;
      const organisationId = staff
        ? null
        : await this.responsibleOrganisationOf(manager, author, point, input.organisationId);
      let kind = UpdateKind.Progress;
      let status: ActionPointStatus | null = null;
      if (input.status) {
        if (!canMove(point.status, input.status)) throw invalidTransition();
        if (!staff && !csoMayAsk(point.status, input.status)) throw statusIsStaffs();
        if (!staff && input.status === ActionPointStatus.Completed) {
          point.completionProposed = true;
          kind = UpdateKind.CompletionProposed;
        } else {
          status = input.status;
          point.status = input.status;
          point.completionProposed = false;
        }
      }
      const now = this.clock.now();
      point.lastActivityAt = now;
      await manager.save(point);
      const update = await manager.save(
        manager.create(ActionPointUpdate, {
          actionPointId: id,
          at: now,
          authorId: author.id,
          organisationId,
          kind,
          text: input.text,
          status,
          link: input.link ?? null,
        }),
      );
      await this.audit.record(manager, {
        actorId: author.id,
        action: 'action_point.updated',
        entity: 'action_point',
        entityId: id,
        details: {
          ...(status ? { status } : {}),
          ...(kind === UpdateKind.CompletionProposed ? { completionProposed: true } : {}),
          ...(status && isReopening(from, status) ? { reopened: true } : {}),
        },
      });
      await this.notices.tell(manager, point, 'updated', {
        exceptUserId: author.id,
        update: input.text,
      });
      return { point, update };
    });
  }

  private async decideCompletion(
    manager: EntityManager,
    admin: SignedInUser,
    point: ActionPoint,
    completion: 'confirm' | 'refuse',
    reason = '',
  ): Promise<void> {
    if (!point.completionProposed || point.status !== ActionPointStatus.InProgress)
      throw noCompletionProposed();
    point.completionProposed = false;
    const confirmed = completion === 'confirm';
    if (confirmed) point.status = ActionPointStatus.Completed;
    point.lastActivityAt = this.clock.now();
    await manager.save(
      manager.create(ActionPointUpdate, {
        actionPointId: point.id,
        at: point.lastActivityAt,
        authorId: admin.id,
        organisationId: null,
        kind: confirmed ? UpdateKind.CompletionConfirmed : UpdateKind.CompletionRefused,
        text: reason,
        status: confirmed ? ActionPointStatus.Completed : null,
        link: null,
      }),
    );
  }

  /**
   * The responsible organisation a CSO writes for: the one named, or the first they are focal
   * point of. A member who is not a focal point of one, or anyone else, is refused (403).
   */
  private async responsibleOrganisationOf(
    manager: EntityManager,
    author: SignedInUser,
    point: ActionPoint,
    named?: string,
  ): Promise<string> {
    const candidates = named
      ? point.responsibleOrganisationIds.filter((org) => org === named)
      : point.responsibleOrganisationIds;
    if (!candidates.length) throw notResponsible();
    const memberships = await manager.findBy(Membership, {
      userId: author.id,
      organisationId: In(candidates),
      role: MembershipRole.FocalPoint,
    });
    const organisationId = candidates.find((org) =>
      memberships.some((m) => m.organisationId === org),
    );
    if (!organisationId) throw notResponsible();
    return organisationId;
  }

  private async nextReference(
    manager: EntityManager,
    consultationId: string,
    year: number,
  ): Promise<string> {
    let sequence = (await manager.countBy(ActionPoint, { consultationId })) + 1;
    while (await manager.existsBy(ActionPoint, { reference: `${year}-AP${sequence}` })) sequence++;
    return `${year}-AP${sequence}`;
  }

  private async assertOrganisations(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length && (await manager.countBy(Organisation, { id: In(ids) })) !== ids.length)
      throw unknownOrganisations();
  }

  private async assertSessions(
    manager: EntityManager,
    consultationId: string,
    conclusions: { sessionId?: string }[],
  ): Promise<void> {
    const sessions = await manager.findBy(ConsultationSession, { consultationId });
    conclusions.forEach((c, i) => {
      if (c.sessionId && !sessions.some((s) => s.id === c.sessionId)) throw unknownSession(i);
    });
  }

  private assertNoTranslationIntoOriginal(outcome: Outcome): void {
    const errors = translationIntoOriginal(outcome.language, outcome.translations);
    outcome.conclusions.forEach((c, i) =>
      Object.assign(
        errors,
        translationIntoOriginal(outcome.language, c.translations, `conclusions.${i}.translations`),
      ),
    );
    outcome.recommendations.forEach((r, i) =>
      Object.assign(
        errors,
        translationIntoOriginal(
          outcome.language,
          r.translations,
          `recommendations.${i}.translations`,
        ),
      ),
    );
    if (Object.keys(errors).length) throw new InvalidInputError(errors);
  }
}
