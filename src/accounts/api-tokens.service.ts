import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { AccountsService } from './accounts.service';
import { ApiToken, ApiTokenScope } from './api-token.entity';
import { CreateTokenDto, TOKEN_DAYS_DEFAULT } from './dto/accounts.dto';
import { hashSecret, newSecret } from './secrets';

/** Personal API tokens: created, listed and revoked by their owner. */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly accounts: AccountsService,
    private readonly clock: Clock,
  ) {}

  /**
   * `POST /tokens`: a token for whoever proves the account's password (under the sign-in limits),
   * once its address is confirmed.
   */
  async createWithPassword(
    credentials: CreateTokenDto,
    clientAddress: string,
  ): Promise<{ token: string; record: ApiToken }> {
    const { email, password, label, expiresInDays, scope } = credentials;
    const user = await this.accounts.authenticate(email, password, clientAddress);
    return this.createApiToken(user.id, { label: label ?? 'API', expiresInDays, scope });
  }

  /** A personal token, shown once; it ends after `expiresInDays`, with a password change, or when revoked. */
  async createApiToken(
    userId: string,
    options: { label: string; expiresInDays?: number; scope?: ApiTokenScope },
  ): Promise<{ token: string; record: ApiToken }> {
    const token = newSecret('cvn_');
    const scope = options.scope ?? ApiTokenScope.Write;
    const expiresAt = new Date(
      this.clock.now().getTime() + (options.expiresInDays ?? TOKEN_DAYS_DEFAULT) * 86_400_000,
    );
    const record = await this.transactions.run(async (manager) => {
      const saved = await manager.save(
        manager.create(ApiToken, {
          userId,
          label: options.label,
          scope,
          expiresAt,
          tokenHash: hashSecret(token),
          lastUsedAt: null,
        }),
      );
      await this.audit.record(manager, {
        actorId: userId,
        action: 'api_token.created',
        entity: 'api_token',
        entityId: saved.id,
        details: { label: options.label, scope, expiresAt: expiresAt.toISOString() },
      });
      return saved;
    });
    return { token, record };
  }

  listApiTokens(userId: string): Promise<ApiToken[]> {
    return this.dataSource
      .getRepository(ApiToken)
      .find({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  async revokeApiToken(userId: string, tokenId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const result = await manager.delete(ApiToken, { id: tokenId, userId });
      if (!result.affected) throw notFound();
      await this.audit.record(manager, {
        actorId: userId,
        action: 'api_token.revoked',
        entity: 'api_token',
        entityId: tokenId,
      });
    });
  }
}
