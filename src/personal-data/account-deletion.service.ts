import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { AccountToken } from '../accounts/account-token.entity';
import { ApiToken } from '../accounts/api-token.entity';
import { verifyPassword } from '../accounts/passwords';
import { SessionStore } from '../accounts/session.store';
import { User } from '../accounts/user.entity';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { accountsConfig } from '../config';
import { lockById } from '../database/locks';
import { execute } from '../database/raw-sql';
import { Transactions } from '../database/transactions';
import { OutboxMessage, OutboxStatus } from '../mail/outbox-message.entity';
import { Invitation } from '../organisations/invitation.entity';
import { Membership, MembershipRole } from '../organisations/membership.entity';
import { Organisation } from '../organisations/organisation.entity';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { ACTIVE_STATUSES } from '../registrations/registration.entity';
import { lastFocalPoint, passwordWrong } from './personal-data.errors';

/** What a deleted account is called wherever a record still names it. */
export const DELETED_USER = 'deleted user';
export const deletedEmail = (userId: string) => `deleted-${userId}@invalid`;
/** Not an argon2 hash: no password verifies against it. */
const UNUSABLE_PASSWORD = '!deleted';

/**
 * DELETE /me: the account is anonymised in place, so that the organisation records and audit
 * events that name it by id keep a "deleted user"; its sessions, API tokens, links and
 * memberships end in the same transaction.
 */
@Injectable()
export class AccountDeletionService {
  constructor(
    @Inject(accountsConfig.KEY) private readonly config: ConfigType<typeof accountsConfig>,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly sessions: SessionStore,
    private readonly rateLimiter: RateLimiter,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async deleteAccount(userId: string, password: string): Promise<void> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!user || user.disabledAt) throw notFound();
    // The password is guessed no faster here than at sign-in: the same per-account limit.
    const perAccount = {
      key: `signin:account:${user.email}`,
      max: this.config.signinMaxFailuresPerAccount,
      windowMinutes: this.config.signinWindowMinutes,
    };
    await this.rateLimiter.consume(perAccount);
    if (!(await verifyPassword(user.passwordHash, password))) throw passwordWrong();
    await this.rateLimiter.reset(perAccount.key);
    await this.transactions.run(async (manager) => {
      const locked = await lockById(manager, User, userId);
      await this.assertHandedOver(manager, userId);
      await this.forgetEverywhere(manager, locked);
      await manager.update(
        User,
        { id: userId },
        {
          email: deletedEmail(userId),
          name: DELETED_USER,
          passwordHash: UNUSABLE_PASSWORD,
          emailVerifiedAt: null,
          disabledAt: this.clock.now(),
        },
      );
      await this.audit.record(manager, {
        actorId: userId,
        action: 'user.deleted',
        entity: 'user',
        entityId: userId,
      });
    });
  }

  /**
   * The last focal point of an organisation with other members hands over first; the sole member
   * of an organisation may leave it without members (its records stay, for the accreditation history).
   */
  private async assertHandedOver(manager: EntityManager, userId: string): Promise<void> {
    const led = await manager.find(Membership, {
      where: { userId, role: MembershipRole.FocalPoint },
    });
    for (const membership of led) {
      const others = await manager.find(Membership, {
        select: { id: true, role: true },
        where: { organisationId: membership.organisationId, userId: Not(userId) },
      });
      if (others.length && !others.some((m) => m.role === MembershipRole.FocalPoint)) {
        const organisation = await manager.findOneByOrFail(Organisation, {
          id: membership.organisationId,
        });
        throw lastFocalPoint(organisation.name);
      }
    }
  }

  /** Every other row that holds the person's email or ends access: sessions, tokens, mail. */
  private async forgetEverywhere(manager: EntityManager, user: User): Promise<void> {
    const placeholder = deletedEmail(user.id);
    await this.sessions.destroyAllFor([user.id], manager);
    await manager.delete(ApiToken, { userId: user.id });
    await manager.delete(AccountToken, { userId: user.id });
    await manager.delete(Membership, { userId: user.id });
    await manager.update(Invitation, { email: user.email }, { email: placeholder });
    await manager.update(
      OutboxMessage,
      { recipient: user.email, status: In([OutboxStatus.Queued, OutboxStatus.Sending]) },
      { status: OutboxStatus.Failed, lastError: 'account deleted' },
    );
    await manager.update(
      OutboxMessage,
      { recipient: user.email },
      { recipient: placeholder, payload: {}, secretKeys: [], prunedAt: this.clock.now() },
    );
    // Their own participation in a consultation still to come stays with the organisation that
    // registered them (they can cancel it from their link); past or ended ones are anonymised.
    await execute(
      manager,
      `UPDATE registrations SET "participantName" = ?, "participantEmail" = ?, position = '',
         "accessibilityNeeds" = '', "dietaryNeeds" = '', "participantTokenHash" = NULL
       WHERE "participantEmail" = ? AND (status NOT IN (${ACTIVE_STATUSES.map(() => '?').join(', ')})
         OR "consultationId" IN (SELECT id FROM consultations WHERE "endsAt" < ?))`,
      [DELETED_USER, placeholder, user.email, ...ACTIVE_STATUSES, this.clock.now()],
    );
    // The visa letters of those registrations lose the passport data with them.
    await execute(
      manager,
      `UPDATE letter_requests SET "passportNumber" = NULL, "dateOfBirth" = NULL, "passportName" = ?,
         "passportErasedAt" = COALESCE("passportErasedAt", ?)
       WHERE "registrationId" IN (SELECT id FROM registrations WHERE "participantEmail" = ?)`,
      [DELETED_USER, this.clock.now(), placeholder],
    );
  }
}
