import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Brackets, DataSource, EntityManager, In, IsNull } from 'typeorm';
import { hashSecret, newSecret } from '../accounts/secrets';
import { User, UserRole } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { BusinessRuleError, DomainError, notFound, forbidden } from '../common/domain-error';
import { Links } from '../common/links';
import { accountsConfig } from '../config';
import { SignedInUser } from '../common/web';
import { containsPattern, LIKE_ESCAPE } from '../database/like';
import { selectEntity } from '../database/raw-sql';
import { Transactions } from '../database/transactions';
import { OutboxService } from '../mail/outbox.service';
import { RateLimiter } from '../rate-limit/rate-limiter';
import {
  CreateOrganisationDto,
  DirectoryQueryDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto';
import { Invitation } from './invitation.entity';
import { Membership, MembershipRole } from './membership.entity';
import { OrganisationTerm } from './organisation-term.entity';
import { ObserverStatus, Organisation } from './organisation.entity';
import { normalise, prefixEnd, searchTerms } from './names';
import { regionOf } from './regions';
import { isStaff } from '../common/roles';
import { Page } from '../common/page';

const INVITATION_DAYS = 14;

/** The fields a request sent: a DTO also carries the ones it left out, as undefined. */
function given<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
const MEMBERSHIP = 'SELECT * FROM memberships WHERE "userId" = ? AND "organisationId" = ? LIMIT 1';

/**
 * A warning that the organisation may already exist. It names only organisations the user could
 * read anyway (observers in the public directory, their own, or any for staff); of the others it
 * says only how many there are.
 */
export class PossibleDuplicateError extends DomainError {
  constructor(
    readonly duplicates: Organisation[],
    readonly undisclosedCount: number,
  ) {
    super('POSSIBLE_DUPLICATE', 'errors.possible_duplicate');
    this.body = {
      duplicates: duplicates.map((o) => ({
        id: o.id,
        name: o.name,
        acronym: o.acronym,
        country: o.country,
      })),
      similarExists: true,
      similarCount: duplicates.length + undisclosedCount,
    };
  }
}

@Injectable()
export class OrganisationsService {
  constructor(
    @Inject(accountsConfig.KEY) private readonly config: ConfigType<typeof accountsConfig>,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly rateLimiter: RateLimiter,
    private readonly links: Links,
    private readonly clock: Clock,
  ) {}

  /** Creates the organisation with its creator as focal point; warns first about likely duplicates. */
  async create(creator: SignedInUser, input: CreateOrganisationDto): Promise<Organisation> {
    const { confirmDuplicate, ...fields } = input;
    if (!confirmDuplicate) {
      const duplicates = await this.findDuplicates(
        fields.name,
        fields.acronym ?? null,
        fields.country,
      );
      if (duplicates.length) throw await this.duplicateWarning(creator, duplicates);
    }
    return this.transactions.run(async (manager) => {
      const organisation = manager.create(Organisation, {
        thematicAreas: [],
        description: '',
        ...given(fields),
        observerStatus: ObserverStatus.None,
      });
      await this.saveWithKeys(manager, organisation);
      await manager.insert(Membership, {
        userId: creator.id,
        organisationId: organisation.id,
        role: MembershipRole.FocalPoint,
      });
      await this.audit.record(manager, {
        actorId: creator.id,
        action: 'organisation.created',
        entity: 'organisation',
        entityId: organisation.id,
        details: { name: organisation.name, country: organisation.country },
      });
      return organisation;
    });
  }

  /** Saves an organisation with its derived region, duplicate keys and search terms. */
  async saveWithKeys(manager: EntityManager, organisation: Organisation): Promise<Organisation> {
    organisation.region = regionOf(organisation.country)!;
    organisation.nameKey = normalise(organisation.name).slice(0, 200);
    organisation.acronymKey = organisation.acronym
      ? normalise(organisation.acronym).replace(/ /g, '').slice(0, 30)
      : null;
    const saved = await manager.save(organisation);
    await manager.delete(OrganisationTerm, { organisationId: saved.id });
    await manager.insert(
      OrganisationTerm,
      searchTerms(saved.name, saved.acronym).map((term) => ({ organisationId: saved.id, term })),
    );
    return saved;
  }

  findDuplicates(
    name: string,
    acronym: string | null,
    country: string,
    exceptId?: string,
  ): Promise<Organisation[]> {
    const nameKey = normalise(name);
    const acronymKey = acronym ? normalise(acronym).replace(/ /g, '') : null;
    const query = this.dataSource
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .where('o.country = :country', { country: country.toUpperCase() })
      .andWhere(
        new Brackets((or) => {
          or.where('o.nameKey = :nameKey', { nameKey });
          if (acronymKey) or.orWhere('o.acronymKey = :acronymKey', { acronymKey });
        }),
      );
    if (exceptId) query.andWhere('o.id != :exceptId', { exceptId });
    return query.limit(5).getMany();
  }

  private async duplicateWarning(
    viewer: SignedInUser,
    duplicates: Organisation[],
  ): Promise<PossibleDuplicateError> {
    const own = isStaff(viewer)
      ? []
      : await this.dataSource
          .getRepository(Membership)
          .find({ where: { userId: viewer.id, organisationId: In(duplicates.map((o) => o.id)) } });
    const readable = duplicates.filter(
      (o) =>
        isStaff(viewer) ||
        o.observerStatus === ObserverStatus.Observer ||
        own.some((m) => m.organisationId === o.id),
    );
    return new PossibleDuplicateError(readable, duplicates.length - readable.length);
  }

  /** An organisation its members and staff may see in full; anyone else: observers only, else 404. */
  async findVisible(
    viewer: SignedInUser | undefined,
    id: string,
  ): Promise<{ organisation: Organisation; membership: Membership | null }> {
    const organisation = await this.dataSource.getRepository(Organisation).findOneBy({ id });
    if (!organisation) throw notFound();
    const membership = viewer
      ? await this.membership(this.dataSource.manager, viewer.id, id)
      : null;
    if (!membership && !isStaff(viewer) && organisation.observerStatus !== ObserverStatus.Observer)
      throw notFound();
    return { organisation, membership };
  }

  /** Asked on nearly every member's request: plain SQL (see database/raw-sql.ts). */
  membership(
    manager: EntityManager,
    userId: string,
    organisationId: string,
  ): Promise<Membership | null> {
    return selectEntity(manager, Membership, MEMBERSHIP, [userId, organisationId]);
  }

  /**
   * Staff never decide their own organisation's records: a reviewer or admin who is a member of
   * the organisation gets 403, and the record waits for another reviewer.
   */
  async assertImpartial(
    manager: EntityManager,
    viewer: SignedInUser,
    organisationId: string,
  ): Promise<void> {
    if (await this.membership(manager, viewer.id, organisationId)) {
      throw new DomainError('OWN_ORGANISATION', 'errors.own_organisation');
    }
  }

  /** As `assertImpartial`, for a decision that touches several organisations' records at once. */
  async assertImpartialAmong(
    manager: EntityManager,
    viewer: SignedInUser,
    organisationIds: string[],
  ): Promise<void> {
    if (!organisationIds.length) return;
    const own = await manager.existsBy(Membership, {
      userId: viewer.id,
      organisationId: In([...new Set(organisationIds)]),
    });
    if (own) throw new DomainError('OWN_ORGANISATION', 'errors.own_organisation');
  }

  /** Members and staff see the organisation's records; anyone else gets 404. */
  async assertMember(viewer: SignedInUser, organisationId: string): Promise<Membership | null> {
    const membership = await this.membership(this.dataSource.manager, viewer.id, organisationId);
    if (!membership && !isStaff(viewer)) throw notFound();
    if (
      !membership &&
      !(await this.dataSource.getRepository(Organisation).existsBy({ id: organisationId }))
    )
      throw notFound();
    return membership;
  }

  /** Focal points manage their organisation; admins may too. Other members: 403; outsiders: 404. */
  async assertFocalPoint(
    viewer: SignedInUser,
    organisationId: string,
    allowAdmin = true,
  ): Promise<void> {
    const membership = await this.assertMember(viewer, organisationId);
    if (membership?.role === MembershipRole.FocalPoint) return;
    if (allowAdmin && viewer.role === UserRole.Admin) return;
    throw membership ? new DomainError('FOCAL_POINT_ONLY', 'errors.focal_point_only') : forbidden();
  }

  async update(
    viewer: SignedInUser,
    id: string,
    changes: UpdateOrganisationDto,
  ): Promise<Organisation> {
    await this.assertFocalPoint(viewer, id);
    const { confirmDuplicate, ...fields } = changes;
    const current = await this.dataSource.getRepository(Organisation).findOneByOrFail({ id });
    const renamed =
      fields.name !== undefined || fields.acronym !== undefined || fields.country !== undefined;
    if (renamed && !confirmDuplicate) {
      const next = { ...current, ...fields };
      const duplicates = await this.findDuplicates(
        next.name,
        next.acronym ?? null,
        next.country,
        id,
      );
      if (duplicates.length) throw await this.duplicateWarning(viewer, duplicates);
    }
    return this.transactions.run(async (manager) => {
      const organisation = await manager.findOneByOrFail(Organisation, { id });
      Object.assign(organisation, given(fields));
      const saved = await this.saveWithKeys(manager, organisation);
      await this.audit.record(manager, {
        actorId: viewer.id,
        action: 'organisation.updated',
        entity: 'organisation',
        entityId: id,
        details: { fields: Object.keys(fields) },
      });
      return saved;
    });
  }

  /**
   * The directory. Words of `q` match the start of any word of the name or acronym, without
   * regard to case or accents, through the term index. Only staff see organisations that are
   * not observers.
   */
  async search(
    viewer: SignedInUser | undefined,
    query: DirectoryQueryDto,
  ): Promise<Page<Organisation>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const builder = this.dataSource.getRepository(Organisation).createQueryBuilder('o');
    // On SQLite the unary + keeps the planner on the term index, so a rare word costs the same
    // with a thousand organisations or a hundred thousand; PostgreSQL's statistics choose that alone.
    const observerColumn = this.transactions.onPostgres ? 'o.observerStatus' : '+o.observerStatus';
    if (!isStaff(viewer) || query.observer === true) {
      builder.where(`${observerColumn} = :observer`, { observer: ObserverStatus.Observer });
    } else if (query.observer === false) {
      builder.where(`${observerColumn} != :observer`, { observer: ObserverStatus.Observer });
    } else {
      builder.where('1 = 1');
    }
    const words = normalise(query.q ?? '')
      .split(' ')
      .filter(Boolean)
      .slice(0, 5);
    words.forEach((word, i) => {
      builder.andWhere(
        `o.id IN (SELECT t${i}."organisationId" FROM organisation_terms t${i} WHERE t${i}.term >= :from${i} AND t${i}.term < :to${i})`,
        { [`from${i}`]: word, [`to${i}`]: prefixEnd(word) },
      );
    });
    if (query.country) builder.andWhere('o.country = :country', { country: query.country });
    if (query.region) builder.andWhere('o.region = :region', { region: query.region });
    if (query.type) builder.andWhere('o.type = :type', { type: query.type });
    if (query.thematicArea)
      builder.andWhere(`o.thematicAreas LIKE :area ${LIKE_ESCAPE}`, {
        area: containsPattern(`"${query.thematicArea}"`),
      });
    const [items, total] = await builder
      .orderBy('o.name', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total, page, pageSize };
  }

  async members(viewer: SignedInUser, organisationId: string) {
    await this.assertMember(viewer, organisationId);
    const members = await this.dataSource.getRepository(Membership).find({
      where: { organisationId },
      relations: { user: true },
      order: { createdAt: 'ASC' },
    });
    const invitations = await this.dataSource.getRepository(Invitation).find({
      where: { organisationId, acceptedAt: IsNull() },
      order: { createdAt: 'DESC' },
    });
    return { members, invitations: invitations.filter((i) => i.expiresAt > this.clock.now()) };
  }

  focalPoints(manager: EntityManager, organisationId: string): Promise<User[]> {
    return manager
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin(Membership, 'm', 'm.userId = u.id')
      .where('m.organisationId = :organisationId', { organisationId })
      .andWhere('m.role = :role', { role: MembershipRole.FocalPoint })
      .andWhere('u.disabledAt IS NULL')
      .getMany();
  }

  /**
   * Emails an invitation link valid for 14 days; the invitee joins by accepting it signed in.
   * Invitations are limited per organisation and per recipient (429), counted in the same
   * transaction, so a refused or failed invitation counts nothing.
   */
  async invite(
    viewer: SignedInUser,
    organisationId: string,
    email: string,
    role: MembershipRole,
  ): Promise<Invitation> {
    await this.assertFocalPoint(viewer, organisationId);
    return this.transactions.run(async (manager) => {
      const organisation = await manager.findOneByOrFail(Organisation, { id: organisationId });
      const existing = await manager
        .getRepository(Membership)
        .createQueryBuilder('m')
        .innerJoin(User, 'u', 'u.id = m.userId')
        .where('m.organisationId = :organisationId AND u.email = :email', { organisationId, email })
        .getExists();
      if (existing) throw new BusinessRuleError('INVALID_TRANSITION', 'errors.already_member');
      await this.rateLimiter.consumeIn(
        manager,
        {
          key: `invitations:organisation:${organisationId}`,
          max: this.config.invitationsMaxPerOrganisation,
          windowMinutes: this.config.invitationsOrganisationWindowMinutes,
          messageKey: 'errors.too_many_invitations',
        },
        {
          // Per inviter too: organisations cost nothing to create, so the organisation's limit
          // alone would let one account send as many invitations as it makes organisations.
          key: `invitations:sender:${viewer.id}`,
          max: this.config.invitationsMaxPerOrganisation,
          windowMinutes: this.config.invitationsOrganisationWindowMinutes,
          messageKey: 'errors.too_many_invitations',
        },
        {
          // Per organisation and recipient: one organisation cannot flood a person, and no
          // stranger can use up the limit that a person's own organisation needs to invite them.
          key: `invitations:recipient:${organisationId}:${email}`,
          max: this.config.invitationsMaxPerRecipient,
          windowMinutes: this.config.invitationsRecipientWindowHours * 60,
          messageKey: 'errors.too_many_invitations_recipient',
        },
      );
      const token = newSecret();
      const invitation = await manager.save(
        manager.create(Invitation, {
          organisationId,
          email,
          role,
          tokenHash: hashSecret(token),
          invitedById: viewer.id,
          expiresAt: new Date(this.clock.now().getTime() + INVITATION_DAYS * 86_400_000),
          acceptedAt: null,
        }),
      );
      const invitee = await manager.findOneBy(User, { email });
      const locale = invitee?.locale ?? viewer.locale;
      await this.outbox.enqueue(manager, {
        to: email,
        template: 'invitation',
        locale,
        payload: {
          inviter: viewer.name,
          organisation: organisation.name,
          role,
          // The page opens in the mail's language, for a reader who is not signed in.
          actionUrl: this.links.to('/invitations/accept', { token, lang: locale }),
          days: INVITATION_DAYS,
        },
      });
      await this.audit.record(manager, {
        actorId: viewer.id,
        action: 'invitation.sent',
        entity: 'organisation',
        entityId: organisationId,
        details: { invitationId: invitation.id, role },
      });
      return invitation;
    });
  }

  async findInvitation(token: string): Promise<Invitation | null> {
    const invitation = await this.dataSource.getRepository(Invitation).findOne({
      where: { tokenHash: hashSecret(token) },
      relations: { organisation: true },
    });
    if (!invitation || invitation.acceptedAt || invitation.expiresAt <= this.clock.now())
      return null;
    return invitation;
  }

  /** Joins the organisation; only the account with the invited email can accept, once. */
  async acceptInvitation(user: SignedInUser, token: string): Promise<Membership> {
    return this.transactions.run(async (manager) => {
      const invitation = await manager.findOneBy(Invitation, { tokenHash: hashSecret(token) });
      if (!invitation || invitation.acceptedAt || invitation.expiresAt <= this.clock.now()) {
        throw new DomainError('TOKEN_INVALID', 'errors.token_invalid');
      }
      if (invitation.email !== user.email) {
        throw new DomainError('INVITATION_FOR_ANOTHER_EMAIL', 'errors.invitation_other_email');
      }
      const spent = await manager.update(
        Invitation,
        { id: invitation.id, acceptedAt: IsNull() },
        { acceptedAt: this.clock.now() },
      );
      if (!spent.affected) throw new DomainError('TOKEN_INVALID', 'errors.token_invalid');
      let membership = await manager.findOneBy(Membership, {
        userId: user.id,
        organisationId: invitation.organisationId,
      });
      if (!membership) {
        membership = await manager.save(
          manager.create(Membership, {
            userId: user.id,
            organisationId: invitation.organisationId,
            role: invitation.role,
          }),
        );
      }
      await this.audit.record(manager, {
        actorId: user.id,
        action: 'membership.joined',
        entity: 'organisation',
        entityId: invitation.organisationId,
        details: { role: membership.role },
      });
      return membership;
    });
  }

  /**
   * Removes a member (a focal point or admin may remove anyone; a member may leave). An
   * organisation always keeps at least one focal point.
   */
  async removeMember(viewer: SignedInUser, organisationId: string, userId: string): Promise<void> {
    if (viewer.id !== userId) await this.assertFocalPoint(viewer, organisationId);
    else await this.assertMember(viewer, organisationId);
    await this.transactions.run(async (manager) => {
      const membership = await manager.findOneBy(Membership, { organisationId, userId });
      if (!membership) throw notFound();
      await this.assertKeepsFocalPoint(manager, organisationId, membership);
      await manager.delete(Membership, { id: membership.id });
      await this.audit.record(manager, {
        actorId: viewer.id,
        action: viewer.id === userId ? 'membership.left' : 'membership.removed',
        entity: 'organisation',
        entityId: organisationId,
        details: { userId },
      });
    });
  }

  async changeMemberRole(
    viewer: SignedInUser,
    organisationId: string,
    userId: string,
    role: MembershipRole,
  ): Promise<Membership> {
    await this.assertFocalPoint(viewer, organisationId);
    return this.transactions.run(async (manager) => {
      const membership = await manager.findOneBy(Membership, { organisationId, userId });
      if (!membership) throw notFound();
      if (role === MembershipRole.Member)
        await this.assertKeepsFocalPoint(manager, organisationId, membership);
      membership.role = role;
      await manager.save(membership);
      await this.audit.record(manager, {
        actorId: viewer.id,
        action: 'membership.role_changed',
        entity: 'organisation',
        entityId: organisationId,
        details: { userId, role },
      });
      return membership;
    });
  }

  /** Locks the organisation's focal points (PostgreSQL) so two removals cannot leave none. */
  private async assertKeepsFocalPoint(
    manager: EntityManager,
    organisationId: string,
    leaving: Membership,
  ): Promise<void> {
    if (leaving.role !== MembershipRole.FocalPoint) return;
    const focalPoints = manager
      .createQueryBuilder(Membership, 'm')
      .where('m.organisationId = :organisationId AND m.role = :role', {
        organisationId,
        role: MembershipRole.FocalPoint,
      });
    if (this.transactions.onPostgres) focalPoints.setLock('pessimistic_write');
    if ((await focalPoints.getMany()).length <= 1) {
      throw new BusinessRuleError('INVALID_TRANSITION', 'errors.last_focal_point');
    }
  }

  async myOrganisations(userId: string): Promise<Membership[]> {
    return this.dataSource.getRepository(Membership).find({
      where: { userId },
      relations: { organisation: true },
      order: { createdAt: 'ASC' },
    });
  }
}
