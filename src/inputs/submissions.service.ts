import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { invalidTransition, notFound } from '../common/domain-error';
import { SignedInUser } from '../common/web';
import { lockById } from '../database/locks';
import { Transactions } from '../database/transactions';
import { ObserverStatus, Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { RegistrationQueries } from '../registrations/registration.queries';
import {
  CosignDecision,
  CreateSubmissionDto,
  SubmissionContentDto,
  SubmissionDecision,
  UpdateSubmissionDto,
} from './dto/inputs.dto';
import { CallEligibility, InputCall } from './input-call.entity';
import {
  callClosed,
  callNotOpen,
  cosignerIsSubmitter,
  notEligibleForCall,
  overWordLimit,
  reasonRequired,
  submissionLimitReached,
  unknownCosigner,
} from './inputs.errors';
import { InputsNotices } from './inputs.notices';
import { InputsQueries } from './inputs.queries';
import { CosignerStatus, SubmissionCosigner } from './submission-cosigner.entity';
import { COUNTED_STATUSES, Submission, SubmissionStatus } from './submission.entity';
import { countWords } from './word-count';

export const SUBMISSION_STORAGE = 'SUBMISSION_STORAGE';

export const EDITABLE = [SubmissionStatus.Draft, SubmissionStatus.Returned];
const WITHDRAWABLE = [
  SubmissionStatus.Draft,
  SubmissionStatus.Submitted,
  SubmissionStatus.Returned,
];

/**
 * Written input of an organisation to a call: drafted and submitted by its members, published or
 * returned by staff (never their own organisation's), withdrawn by the organisation before
 * publication, and co-signed by other organisations' focal points. Every step locks the
 * submission (and, to count against the per-organisation limit, the call) in one transaction
 * with its audit row and mail. Its one PDF is `submission-attachments.service.ts`'s.
 */
@Injectable()
export class SubmissionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly organisations: OrganisationsService,
    private readonly registrations: RegistrationQueries,
    private readonly queries: InputsQueries,
    private readonly notices: InputsNotices,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(viewer: SignedInUser, callId: string, input: CreateSubmissionDto) {
    await this.assertMemberOf(viewer, input.organisationId);
    const call = await this.dataSource.getRepository(InputCall).findOneBy({ id: callId });
    if (!call) throw notFound();
    this.checkContent(call, input, input.organisationId);
    return this.transactions.run(async (manager) => {
      const locked = await lockById(manager, InputCall, callId);
      const submit = !input.draft;
      await this.checkCanSubmit(manager, locked, input.organisationId, null, submit);
      await this.checkCosigners(manager, input.cosignerOrganisationIds ?? []);
      const now = this.clock.now();
      const submission = await manager.save(
        manager.create(Submission, {
          callId,
          consultationId: locked.consultationId,
          sessionId: locked.sessionId,
          organisationId: input.organisationId,
          submittedById: viewer.id,
          title: input.title,
          body: input.body,
          language: input.language,
          themes: input.themes,
          status: submit ? SubmissionStatus.Submitted : SubmissionStatus.Draft,
          reason: null,
          submittedAt: submit ? now : null,
          publishedAt: null,
          attachmentName: null,
          attachmentStoredName: null,
          attachmentSize: null,
        }),
      );
      await this.replaceCosigners(manager, submission, input.cosignerOrganisationIds ?? []);
      await this.record(manager, viewer, submission, submit ? 'submitted' : 'drafted');
      if (submit) await this.announce(manager, submission);
      return submission;
    });
  }

  /** A draft, or a returned submission before the call closes, is edited by its organisation. */
  async update(viewer: SignedInUser, id: string, input: UpdateSubmissionDto) {
    const submission = await this.own(viewer, id);
    return this.transactions.run(async (manager) => {
      const locked = await lockById(manager, Submission, submission.id);
      if (!EDITABLE.includes(locked.status)) throw invalidTransition();
      const call = await manager.findOneByOrFail(InputCall, { id: locked.callId });
      if (locked.status === SubmissionStatus.Returned && this.clock.now() >= call.closesAt)
        throw callClosed();
      const merged = { ...pick(locked), ...definedOf(input) };
      this.checkContent(call, merged, locked.organisationId);
      if (input.cosignerOrganisationIds) {
        await this.checkCosigners(manager, input.cosignerOrganisationIds);
        await this.replaceCosigners(manager, locked, input.cosignerOrganisationIds);
      }
      Object.assign(locked, {
        title: merged.title,
        body: merged.body,
        language: merged.language,
        themes: merged.themes,
      });
      await manager.save(locked);
      await this.record(manager, viewer, locked, 'edited');
      return locked;
    });
  }

  /** Submits a draft, or resubmits a returned submission, while the call is open. */
  async submit(viewer: SignedInUser, id: string) {
    const submission = await this.own(viewer, id);
    return this.transactions.run(async (manager) => {
      const call = await lockById(manager, InputCall, submission.callId);
      const locked = await lockById(manager, Submission, submission.id);
      if (!EDITABLE.includes(locked.status)) throw invalidTransition();
      this.checkContent(call, pick(locked), locked.organisationId);
      await this.checkCanSubmit(manager, call, locked.organisationId, locked, true);
      locked.status = SubmissionStatus.Submitted;
      locked.submittedAt = this.clock.now();
      await manager.save(locked);
      await this.record(manager, viewer, locked, 'submitted');
      await this.announce(manager, locked);
      return locked;
    });
  }

  async withdraw(viewer: SignedInUser, id: string) {
    const submission = await this.own(viewer, id);
    return this.transactions.run(async (manager) => {
      const locked = await lockById(manager, Submission, submission.id);
      if (!WITHDRAWABLE.includes(locked.status)) throw invalidTransition();
      locked.status = SubmissionStatus.Withdrawn;
      await manager.save(locked);
      await this.record(manager, viewer, locked, 'withdrawn');
      return locked;
    });
  }

  /** A reviewer publishes a submitted input or returns it with a reason. */
  async decide(
    reviewer: SignedInUser,
    id: string,
    decision: SubmissionDecision,
    reason: string | undefined,
  ) {
    if (decision === 'return' && !reason) throw reasonRequired();
    return this.transactions.run(async (manager) => {
      const locked = await lockById(manager, Submission, id);
      if (locked.status === SubmissionStatus.Draft) throw notFound();
      await this.organisations.assertImpartial(manager, reviewer, locked.organisationId);
      if (locked.status !== SubmissionStatus.Submitted) throw invalidTransition();
      if (decision === 'publish') {
        locked.status = SubmissionStatus.Published;
        locked.publishedAt = this.clock.now();
      } else {
        locked.status = SubmissionStatus.Returned;
        locked.reason = reason!;
      }
      await manager.save(locked);
      await this.record(
        manager,
        reviewer,
        locked,
        decision === 'publish' ? 'published' : 'returned',
        {
          reason: reason ?? '',
        },
      );
      await this.notices.tellSubmitter(
        manager,
        locked,
        decision === 'publish' ? 'published' : 'returned',
      );
      return locked;
    });
  }

  /** A focal point of a named co-signing organisation confirms or declines, once. */
  async cosign(viewer: SignedInUser, id: string, organisationId: string, decision: CosignDecision) {
    const row = await this.dataSource
      .getRepository(SubmissionCosigner)
      .findOneBy({ submissionId: id, organisationId });
    if (!row) throw notFound();
    await this.organisations.assertFocalPoint(viewer, organisationId, false);
    return this.transactions.run(async (manager) => {
      const submission = await lockById(manager, Submission, id);
      // A draft is its organisation's alone: a co-signer named in it cannot know it exists yet.
      if (submission.status === SubmissionStatus.Draft) throw notFound();
      if (submission.status === SubmissionStatus.Withdrawn) throw invalidTransition();
      const cosigner = await manager.findOneByOrFail(SubmissionCosigner, { id: row.id });
      if (cosigner.status !== CosignerStatus.Invited) throw invalidTransition();
      cosigner.status = decision === 'confirm' ? CosignerStatus.Confirmed : CosignerStatus.Declined;
      cosigner.decidedById = viewer.id;
      cosigner.decidedAt = this.clock.now();
      await manager.save(cosigner);
      await this.record(manager, viewer, submission, `cosign_${cosigner.status}`, {
        organisationId,
      });
      return submission;
    });
  }

  /** The submission of one of the viewer's organisations; anyone else's is 404 (staff's too). */
  async own(viewer: SignedInUser, id: string): Promise<Submission> {
    const submission = await this.dataSource.getRepository(Submission).findOneBy({ id });
    if (
      !submission ||
      !(await this.organisations.membership(
        this.dataSource.manager,
        viewer.id,
        submission.organisationId,
      ))
    )
      throw notFound();
    return submission;
  }

  private async assertMemberOf(viewer: SignedInUser, organisationId: string): Promise<void> {
    if (!(await this.organisations.membership(this.dataSource.manager, viewer.id, organisationId)))
      throw notFound();
  }

  private checkContent(
    call: InputCall,
    content: Pick<SubmissionContentDto, 'body' | 'cosignerOrganisationIds'>,
    organisationId: string,
  ): void {
    if (countWords(content.body) > call.wordLimit) throw overWordLimit();
    if (content.cosignerOrganisationIds?.includes(organisationId)) throw cosignerIsSubmitter();
  }

  /**
   * The call must still be open and the organisation eligible; a submission that is submitted
   * must fit the per-organisation limit (a returned one already counts). Drafts may be written
   * before the call opens, never after it closes.
   */
  private async checkCanSubmit(
    manager: EntityManager,
    call: InputCall,
    organisationId: string,
    current: Submission | null,
    submitting: boolean,
  ): Promise<void> {
    const now = this.clock.now();
    if (now >= call.closesAt) throw callClosed();
    if (submitting && now < call.opensAt) throw callNotOpen();
    await this.checkEligible(manager, call, organisationId);
    if (!submitting || current?.status === SubmissionStatus.Returned) return;
    const counted = await manager.countBy(Submission, {
      callId: call.id,
      organisationId,
      status: In(COUNTED_STATUSES),
      ...(current ? { id: Not(current.id) } : {}),
    });
    if (counted >= call.perOrganisation) throw submissionLimitReached();
  }

  private async checkEligible(
    manager: EntityManager,
    call: InputCall,
    organisationId: string,
  ): Promise<void> {
    if (call.eligibility === CallEligibility.Any) return;
    if (call.eligibility === CallEligibility.Observers) {
      const organisation = await manager.findOneByOrFail(Organisation, { id: organisationId });
      if (organisation.observerStatus === ObserverStatus.Observer) return;
    } else if (
      await this.registrations.hasActiveRegistration(manager, call.consultationId, organisationId)
    )
      return;
    throw notEligibleForCall(call.eligibility);
  }

  private async checkCosigners(manager: EntityManager, ids: string[]): Promise<void> {
    const unique = [...new Set(ids)];
    if (!unique.length) return;
    if ((await manager.countBy(Organisation, { id: In(unique) })) !== unique.length)
      throw unknownCosigner();
  }

  /** Keeps the answers of organisations still named, drops the others, invites the new ones. */
  private async replaceCosigners(
    manager: EntityManager,
    submission: Submission,
    ids: string[],
  ): Promise<void> {
    const wanted = [...new Set(ids)];
    const existing = await manager.findBy(SubmissionCosigner, { submissionId: submission.id });
    const gone = existing.filter((row) => !wanted.includes(row.organisationId));
    if (gone.length) await manager.delete(SubmissionCosigner, { id: In(gone.map((r) => r.id)) });
    const known = new Set(existing.map((row) => row.organisationId));
    for (const organisationId of wanted.filter((o) => !known.has(o))) {
      await manager.insert(SubmissionCosigner, {
        submissionId: submission.id,
        organisationId,
        status: CosignerStatus.Invited,
        askedAt: null,
        decidedById: null,
        decidedAt: null,
      });
    }
  }

  /** Receipt to the submitter; each co-signer not asked yet is asked now. */
  private async announce(manager: EntityManager, submission: Submission): Promise<void> {
    await this.notices.tellSubmitter(manager, submission, 'received');
    const unasked = await manager.find(SubmissionCosigner, {
      where: { submissionId: submission.id, status: CosignerStatus.Invited },
    });
    for (const row of unasked.filter((r) => !r.askedAt)) {
      row.askedAt = this.clock.now();
      await manager.save(row);
      await this.notices.askCosigner(manager, submission, row.organisationId);
    }
  }

  record(
    manager: EntityManager,
    actor: SignedInUser,
    submission: Submission,
    action: string,
    details: Record<string, unknown> = {},
  ) {
    return this.audit.record(manager, {
      actorId: actor.id,
      action: `submission.${action}`,
      entity: 'submission',
      entityId: submission.id,
      details: { status: submission.status, ...details },
    });
  }
}

function pick(s: Submission) {
  return { title: s.title, body: s.body, language: s.language, themes: s.themes };
}

function definedOf<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
