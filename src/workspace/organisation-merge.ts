import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import {
  AccreditationEvent,
  AccreditationEventType,
} from '../accreditation/accreditation-event.entity';
import {
  AccreditationRequest,
  AccreditationStatus,
  OPEN_STATUSES,
} from '../accreditation/accreditation-request.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { SignedInUser } from '../common/web';
import { lockById } from '../database/locks';
import { Transactions } from '../database/transactions';
import { ActionPointUpdate } from '../follow-up/action-point-update.entity';
import { ActionPoint } from '../follow-up/action-point.entity';
import { FundingApplication } from '../funding/funding-application.entity';
import { SubmissionCosigner } from '../inputs/submission-cosigner.entity';
import { Submission } from '../inputs/submission.entity';
import { Invitation } from '../organisations/invitation.entity';
import { Membership, MembershipRole } from '../organisations/membership.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { LetterRequest } from '../letters/letter-request.entity';
import { RegistrationCounters } from '../registrations/registration-counters';
import { OrganisationTerm } from '../organisations/organisation-term.entity';
import { ObserverStatus, Organisation } from '../organisations/organisation.entity';
import { normalise } from '../organisations/names';
import { ACTIVE_STATUSES, Registration } from '../registrations/registration.entity';
import {
  alreadyMerged,
  MergeConflict,
  MergeConflictError,
  mergeIntoItself,
} from './workspace.errors';

/** observer > applicant > none; a suspension is handled apart (it is never lifted by a merge). */
const STANDING: Record<ObserverStatus, number> = {
  [ObserverStatus.None]: 0,
  [ObserverStatus.Applicant]: 1,
  [ObserverStatus.Observer]: 2,
  [ObserverStatus.Suspended]: 3,
};

export interface MergeOutcome {
  organisation: Organisation;
  moved: Awaited<ReturnType<OrganisationMerge['moveAll']>>;
}

/**
 * Merges a duplicate organisation into the one that survives, in one transaction with both rows
 * locked in id order (so two merges never wait on each other). Everything the duplicate owns moves;
 * the duplicate keeps its row, marked `mergedIntoId`, so old links and the audit log still resolve.
 */
@Injectable()
export class OrganisationMerge {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly organisations: OrganisationsService,
    private readonly counters: RegistrationCounters,
    private readonly clock: Clock,
  ) {}

  merge(admin: SignedInUser, fromId: string, intoId: string): Promise<MergeOutcome> {
    if (fromId === intoId) return Promise.reject(mergeIntoItself());
    return this.transactions.run(async (manager) => {
      const locked = new Map<string, Organisation>();
      for (const id of [fromId, intoId].sort())
        locked.set(id, await lockById(manager, Organisation, id));
      const from = locked.get(fromId)!;
      const into = locked.get(intoId)!;
      if (from.mergedIntoId || into.mergedIntoId) throw alreadyMerged();
      // Staff never decide their own organisation's records: an admin member of either waits for another.
      await this.organisations.assertImpartialAmong(manager, admin, [from.id, into.id]);
      const conflicts = await this.conflicts(manager, from.id, into.id);
      if (conflicts.length) throw new MergeConflictError(conflicts);
      const moved = await this.moveAll(manager, admin, from.id, into.id);
      await this.keepBetterStanding(manager, from, into);
      // The registrations moved: both organisations' counters are set to what their rows hold.
      await this.counters.recount(manager, [from.id, into.id]);
      await manager.update(Organisation, { id: from.id }, { mergedIntoId: into.id });
      await manager.delete(OrganisationTerm, { organisationId: from.id });
      await this.audit.record(manager, {
        actorId: admin.id,
        action: 'organisation.merged',
        entity: 'organisation',
        entityId: into.id,
        details: { mergedId: from.id, mergedName: from.name, moved },
      });
      await this.audit.record(manager, {
        actorId: admin.id,
        action: 'organisation.merged_into',
        entity: 'organisation',
        entityId: from.id,
        details: { intoId: into.id, intoName: into.name },
      });
      return { organisation: await manager.findOneByOrFail(Organisation, { id: into.id }), moved };
    });
  }

  /**
   * Participants actively registered by both organisations for one consultation. The same email
   * cannot be active twice (a unique index), so the person is recognised by email or by name
   * (accents, case and spacing aside): duplicate organisations often register one person under a
   * work and a personal address. Staff cancel one of the two, then merge.
   */
  async conflicts(
    manager: EntityManager,
    fromId: string,
    intoId: string,
  ): Promise<MergeConflict[]> {
    const active = await manager.find(Registration, {
      select: {
        id: true,
        consultationId: true,
        participantEmail: true,
        participantName: true,
        organisationId: true,
      },
      where: { organisationId: In([fromId, intoId]), status: In(ACTIVE_STATUSES) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const ofFrom = active.filter((r) => r.organisationId === fromId);
    const conflicts: MergeConflict[] = [];
    for (const theirs of active.filter((r) => r.organisationId === intoId)) {
      const same = ofFrom.find(
        (r) =>
          r.consultationId === theirs.consultationId &&
          (r.participantEmail.toLowerCase() === theirs.participantEmail.toLowerCase() ||
            normalise(r.participantName) === normalise(theirs.participantName)),
      );
      if (!same) continue;
      conflicts.push({
        consultationId: same.consultationId,
        participantName: same.participantName,
        participantEmails: [...new Set([same.participantEmail, theirs.participantEmail])],
        registrationIds: [same.id, theirs.id],
      });
    }
    return conflicts;
  }

  /** Everything the duplicate owns goes to the survivor; answers how many of each kind. */
  private async moveAll(
    manager: EntityManager,
    admin: SignedInUser,
    fromId: string,
    intoId: string,
  ) {
    return {
      memberships: await this.joinMemberships(manager, fromId, intoId),
      accreditationRequests: await this.moveRequests(manager, admin, fromId, intoId),
      ...(await this.moveOwned(manager, fromId, intoId)),
      cosignatures: await this.moveCosignatures(manager, fromId, intoId),
      actionPoints: await this.moveResponsibilities(manager, fromId, intoId),
    };
  }

  /** One person in both keeps the higher role, in the surviving organisation. */
  private async joinMemberships(manager: EntityManager, fromId: string, intoId: string) {
    const theirs = await manager.find(Membership, { where: { organisationId: fromId } });
    const ours = new Map(
      (await manager.find(Membership, { where: { organisationId: intoId } })).map((m) => [
        m.userId,
        m,
      ]),
    );
    for (const membership of theirs) {
      const existing = ours.get(membership.userId);
      if (!existing) {
        await manager.update(Membership, { id: membership.id }, { organisationId: intoId });
        continue;
      }
      if (membership.role === MembershipRole.FocalPoint)
        await manager.update(Membership, { id: existing.id }, { role: MembershipRole.FocalPoint });
      await manager.delete(Membership, { id: membership.id });
    }
    return theirs.length;
  }

  /** The older open request stays; the other is withdrawn with the reason "merged". */
  private async moveRequests(
    manager: EntityManager,
    admin: SignedInUser,
    fromId: string,
    intoId: string,
  ) {
    const open = await manager.find(AccreditationRequest, {
      where: { organisationId: In([fromId, intoId]), status: In(OPEN_STATUSES) },
      order: { submittedAt: 'ASC', id: 'ASC' },
    });
    for (const younger of open.slice(1)) {
      await manager.update(
        AccreditationRequest,
        { id: younger.id },
        { status: AccreditationStatus.Withdrawn, decidedAt: this.clock.now() },
      );
      await manager.insert(AccreditationEvent, {
        requestId: younger.id,
        actorId: admin.id,
        type: AccreditationEventType.Withdrawn,
        message: 'merged',
        reasonCode: null,
      });
    }
    const result = await manager.update(
      AccreditationRequest,
      { organisationId: fromId },
      { organisationId: intoId },
    );
    return result.affected ?? 0;
  }

  /** Rows that name one organisation and simply change hands. */
  private async moveOwned(manager: EntityManager, fromId: string, intoId: string) {
    const move = async (
      target:
        | typeof Registration
        | typeof FundingApplication
        | typeof Submission
        | typeof Invitation
        | typeof ActionPointUpdate
        | typeof LetterRequest,
    ) =>
      (await manager.update(target, { organisationId: fromId }, { organisationId: intoId }))
        .affected ?? 0;
    return {
      registrations: await move(Registration),
      fundingApplications: await move(FundingApplication),
      submissions: await move(Submission),
      invitations: await move(Invitation),
      actionPointUpdates: await move(ActionPointUpdate),
      // A letter names its organisation for the impartiality check and its readers.
      letterRequests: await move(LetterRequest),
    };
  }

  /** A co-signature the survivor already has, or of its own submission, is dropped; others move. */
  private async moveCosignatures(manager: EntityManager, fromId: string, intoId: string) {
    const theirs = await manager.find(SubmissionCosigner, { where: { organisationId: fromId } });
    for (const cosigner of theirs) {
      const duplicate = await manager.existsBy(SubmissionCosigner, {
        submissionId: cosigner.submissionId,
        organisationId: intoId,
      });
      const own = await manager.existsBy(Submission, {
        id: cosigner.submissionId,
        organisationId: intoId,
      });
      if (duplicate || own) await manager.delete(SubmissionCosigner, { id: cosigner.id });
      else
        await manager.update(SubmissionCosigner, { id: cosigner.id }, { organisationId: intoId });
    }
    return theirs.length;
  }

  /** `responsibleOrganisationIds` is a JSON array: rewritten point by point, without duplicates. */
  private async moveResponsibilities(manager: EntityManager, fromId: string, intoId: string) {
    const points = await manager
      .getRepository(ActionPoint)
      .createQueryBuilder('p')
      .where('p.responsibleOrganisationIds LIKE :id', { id: `%${fromId}%` })
      .getMany();
    for (const point of points) {
      const ids = [
        ...new Set(point.responsibleOrganisationIds.map((id) => (id === fromId ? intoId : id))),
      ];
      await manager.update(ActionPoint, { id: point.id }, { responsibleOrganisationIds: ids });
    }
    return points.length;
  }

  /**
   * The survivor keeps the better observer status (observer > applicant > none) and the earlier
   * observer date. A suspension is never lifted by merging: if either side is suspended, the
   * survivor is, with that reason.
   */
  private async keepBetterStanding(manager: EntityManager, from: Organisation, into: Organisation) {
    const best = STANDING[from.observerStatus] > STANDING[into.observerStatus] ? from : into;
    const since = [from.observerSince, into.observerSince]
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime())[0];
    await manager.update(
      Organisation,
      { id: into.id },
      {
        observerStatus: best.observerStatus,
        suspendedReason:
          best.observerStatus === ObserverStatus.Suspended
            ? best.suspendedReason
            : into.suspendedReason,
        observerSince: since ?? null,
      },
    );
    await manager.update(Organisation, { id: from.id }, { observerStatus: ObserverStatus.None });
  }
}
