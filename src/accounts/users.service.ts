import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { cannotDemoteSelf } from './accounts.errors';
import { containsPattern, LIKE_ESCAPE } from '../database/like';
import { Transactions } from '../database/transactions';
import { ApiToken } from './api-token.entity';
import { SessionStore } from './session.store';
import { User, UserRole } from './user.entity';

export interface UserPage {
  items: User[];
  total: number;
  page: number;
  pageSize: number;
}

/** What admins do to accounts: change roles, disable and enable. */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly sessions: SessionStore,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(query: {
    q?: string;
    role?: UserRole;
    page: number;
    pageSize: number;
  }): Promise<UserPage> {
    const builder = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .orderBy('u.createdAt', 'ASC')
      .addOrderBy('u.id', 'ASC');
    if (query.role) builder.andWhere('u.role = :role', { role: query.role });
    if (query.q) {
      builder.andWhere(
        `(LOWER(u.email) LIKE :q ${LIKE_ESCAPE} OR LOWER(u.name) LIKE :q ${LIKE_ESCAPE})`,
        { q: containsPattern(query.q.toLowerCase()) },
      );
    }
    const [items, total] = await builder
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * Changes a role or disables/enables an account. Disabling ends the user's sessions and API
   * tokens in the same transaction, so access stops with the next request.
   */
  async update(
    actorId: string,
    userId: string,
    changes: { role?: UserRole; disabled?: boolean },
    reason = '',
  ): Promise<User> {
    if (
      actorId === userId &&
      (changes.disabled === true || (changes.role && changes.role !== UserRole.Admin))
    ) {
      throw cannotDemoteSelf();
    }
    return this.transactions.run(async (manager) => {
      const user = await manager.findOneBy(User, { id: userId });
      if (!user) throw notFound();
      if (changes.role && changes.role !== user.role) {
        await this.audit.record(manager, {
          actorId,
          action: 'user.role_changed',
          entity: 'user',
          entityId: user.id,
          details: { from: user.role, to: changes.role },
        });
        user.role = changes.role;
      }
      if (changes.disabled === true && !user.disabledAt) {
        user.disabledAt = this.clock.now();
        await this.sessions.destroyAllFor([user.id], manager);
        await manager.delete(ApiToken, { userId: user.id });
        await this.audit.record(manager, {
          actorId,
          action: 'user.disabled',
          entity: 'user',
          entityId: user.id,
          ...(reason ? { details: { reason } } : {}),
        });
      }
      if (changes.disabled === false && user.disabledAt) {
        user.disabledAt = null;
        await this.audit.record(manager, {
          actorId,
          action: 'user.enabled',
          entity: 'user',
          entityId: user.id,
        });
      }
      return manager.save(user);
    });
  }
}
