import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, In, IsNull } from 'typeorm';
import { User, UserRole } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { notFound, forbidden } from '../common/domain-error';
import { SignedInUser } from '../common/web';
import { selectEntity } from '../database/raw-sql';
import { Transactions } from '../database/transactions';
import { CreateOrganisationDto, UpdateOrganisationDto } from './dto/organisation.dto';
import { Invitation } from './invitation.entity';
import { Membership, MembershipRole } from './membership.entity';
import { OrganisationTerm } from './organisation-term.entity';
import { ObserverStatus, Organisation } from './organisation.entity';
import {
  focalPointOnly,
  lastFocalPoint,
  ownOrganisation,
  PossibleDuplicateError,
} from './organisations.errors';
import { normalise, searchTerms } from './names';
import { regionOf } from './regions';
import { isStaff } from '../common/roles';

/** The fields a request sent: a DTO also carries the ones it left out, as undefined. */
function given<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
const MEMBERSHIP = 'SELECT * FROM memberships WHERE "userId" = ? AND "organisationId" = ? LIMIT 1';

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
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
      throw ownOrganisation();
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
    if (own) throw ownOrganisation();
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
    throw membership ? focalPointOnly() : forbidden();
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
      const next = { ...current, ...given(fields) };
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

  /** The members page: the organisation, the viewer's own membership, its members and invitations. */
  async membersPage(viewer: SignedInUser, organisationId: string) {
    const { organisation, membership } = await this.findVisible(viewer, organisationId);
    return { organisation, membership, ...(await this.members(viewer, organisationId)) };
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
      throw lastFocalPoint();
    }
  }

  async myOrganisations(userId: string): Promise<Membership[]> {
    return this.dataSource.getRepository(Membership).find({
      where: { userId },
      relations: { organisation: true },
      order: { createdAt: 'ASC' },
    });
  }

  /** The signed-in user with the organisations they belong to (`GET /me`). */
  async me(userId: string): Promise<{ user: User; memberships: Membership[] }> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: userId });
    return { user, memberships: await this.myOrganisations(userId) };
  }
}
