import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { hashSecret, newSecret } from '../accounts/secrets';
import { User } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { invalidTransition, notFound } from '../common/domain-error';
import { Links } from '../common/links';
import { SignedInUser } from '../common/web';
import { accountsConfig } from '../config';
import { Transactions } from '../database/transactions';
import { OutboxService } from '../mail/outbox.service';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { Invitation } from './invitation.entity';
import { Membership, MembershipRole } from './membership.entity';
import { Organisation } from './organisation.entity';
import {
  alreadyMember,
  invitationForAnotherEmail,
  invitationInvalid,
} from './organisations.errors';
import { OrganisationsService } from './organisations.service';

const INVITATION_DAYS = 14;

/** Invitations: a focal point asks a colleague by email; the colleague joins by accepting. */
@Injectable()
export class InvitationsService {
  constructor(
    @Inject(accountsConfig.KEY) private readonly config: ConfigType<typeof accountsConfig>,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly organisations: OrganisationsService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly rateLimiter: RateLimiter,
    private readonly links: Links,
    private readonly clock: Clock,
  ) {}

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
    await this.organisations.assertFocalPoint(viewer, organisationId);
    return this.transactions.run(async (manager) => {
      const organisation = await manager.findOneByOrFail(Organisation, { id: organisationId });
      const existing = await manager
        .getRepository(Membership)
        .createQueryBuilder('m')
        .innerJoin(User, 'u', 'u.id = m.userId')
        .where('m.organisationId = :organisationId AND u.email = :email', { organisationId, email })
        .getExists();
      if (existing) throw alreadyMember();
      await this.consumeLimits(manager, viewer, organisationId, email);
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
      await this.mailInvitation(manager, viewer, organisation.name, invitation, token);
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

  /** A focal point takes back an invitation not yet accepted: its link stops working at once. */
  async revoke(viewer: SignedInUser, id: string): Promise<void> {
    const found = await this.pendingInvitation(viewer, id);
    await this.transactions.run(async (manager) => {
      const gone = await manager.delete(Invitation, { id: found.id, acceptedAt: IsNull() });
      if (!gone.affected) throw invalidTransition();
      await this.audit.record(manager, {
        actorId: viewer.id,
        action: 'invitation.revoked',
        entity: 'organisation',
        entityId: found.organisationId,
        details: { invitationId: found.id },
      });
    });
  }

  /**
   * Sends an invitation again with a new link, valid 14 days from now; the old link is dead.
   * Counted against the same limits as a new invitation.
   */
  async resend(viewer: SignedInUser, id: string): Promise<Invitation> {
    const found = await this.pendingInvitation(viewer, id);
    return this.transactions.run(async (manager) => {
      const organisation = await manager.findOneByOrFail(Organisation, {
        id: found.organisationId,
      });
      await this.consumeLimits(manager, viewer, found.organisationId, found.email);
      const token = newSecret();
      const changed = await manager.update(
        Invitation,
        { id: found.id, acceptedAt: IsNull() },
        {
          tokenHash: hashSecret(token),
          expiresAt: new Date(this.clock.now().getTime() + INVITATION_DAYS * 86_400_000),
        },
      );
      if (!changed.affected) throw invalidTransition();
      const invitation = await manager.findOneByOrFail(Invitation, { id: found.id });
      await this.mailInvitation(manager, viewer, organisation.name, invitation, token);
      await this.audit.record(manager, {
        actorId: viewer.id,
        action: 'invitation.resent',
        entity: 'organisation',
        entityId: found.organisationId,
        details: { invitationId: found.id },
      });
      return invitation;
    });
  }

  /** The organisation an invitation is for (404 when there is no such invitation). */
  async organisationOf(id: string): Promise<string> {
    const invitation = await this.dataSource.getRepository(Invitation).findOneBy({ id });
    if (!invitation) throw notFound();
    return invitation.organisationId;
  }

  /** An invitation of the viewer's organisation, not yet accepted; 404 for anyone else's. */
  private async pendingInvitation(viewer: SignedInUser, id: string): Promise<Invitation> {
    const invitation = await this.dataSource.getRepository(Invitation).findOneBy({ id });
    if (!invitation) throw notFound();
    await this.organisations.assertFocalPoint(viewer, invitation.organisationId);
    if (invitation.acceptedAt) throw invalidTransition();
    return invitation;
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
        throw invitationInvalid();
      }
      if (invitation.email !== user.email) throw invitationForAnotherEmail();
      const spent = await manager.update(
        Invitation,
        { id: invitation.id, acceptedAt: IsNull() },
        { acceptedAt: this.clock.now() },
      );
      if (!spent.affected) throw invitationInvalid();
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
      await this.tellFocalPoints(manager, user, invitation.organisationId);
      return membership;
    });
  }

  private async consumeLimits(
    manager: EntityManager,
    viewer: SignedInUser,
    organisationId: string,
    email: string,
  ): Promise<void> {
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
  }

  /** The organisation's focal points learn who joined, each in their own language. */
  private async tellFocalPoints(
    manager: EntityManager,
    joined: SignedInUser,
    organisationId: string,
  ) {
    const organisation = await manager.findOneByOrFail(Organisation, { id: organisationId });
    for (const focalPoint of await this.organisations.focalPoints(manager, organisationId)) {
      if (focalPoint.id === joined.id) continue;
      await this.outbox.enqueue(manager, {
        to: focalPoint.email,
        template: 'member-joined',
        locale: focalPoint.locale,
        payload: {
          name: focalPoint.name,
          member: joined.name,
          organisation: organisation.name,
          membersUrl: this.links.to(`/organisations/${organisationId}/members`),
        },
      });
    }
  }

  private async mailInvitation(
    manager: EntityManager,
    viewer: SignedInUser,
    organisationName: string,
    invitation: Invitation,
    token: string,
  ): Promise<void> {
    const invitee = await manager.findOneBy(User, { email: invitation.email });
    const locale = invitee?.locale ?? viewer.locale;
    await this.outbox.enqueue(manager, {
      to: invitation.email,
      template: 'invitation',
      locale,
      payload: {
        inviter: viewer.name,
        organisation: organisationName,
        role: invitation.role,
        // The page opens in the mail's language, for a reader who is not signed in.
        actionUrl: this.links.to('/invitations/accept', { token, lang: locale }),
        days: INVITATION_DAYS,
      },
    });
  }
}
