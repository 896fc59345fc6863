import { RegistrationDecision } from '../registrations/dto/registration.dto';
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { SignedInUser } from '../common/web';
import { ConsultationsService } from '../consultations/consultations.service';
import { Registration, RegistrationStatus } from '../registrations/registration.entity';
import { RegistrationsService } from '../registrations/registrations.service';
import { reasonRequired } from './workspace.errors';

export interface BulkItemResult {
  id: string;
  status: RegistrationStatus | null;
  /** The domain error's code when this one could not be decided; null when it was. */
  code: string | null;
}

/**
 * Several pending registrations decided at once, each exactly as one decision would be: its own
 * transaction, seat claim, audit row and mail. One that cannot be decided (not pending any more,
 * the reviewer's own organisation, not this consultation's) is reported and the others go on.
 */
@Injectable()
export class BulkDecisions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consultations: ConsultationsService,
    private readonly registrations: RegistrationsService,
  ) {}

  async decide(
    reviewer: SignedInUser,
    consultationId: string,
    ids: string[],
    decision: RegistrationDecision,
    reason = '',
  ): Promise<BulkItemResult[]> {
    if (decision === 'reject' && !reason) throw reasonRequired();
    await this.consultations.get(reviewer, consultationId);
    const here = new Set(
      (
        await this.dataSource.getRepository(Registration).find({
          select: { id: true },
          where: { id: In(ids), consultationId },
        })
      ).map((r) => r.id),
    );
    const results: BulkItemResult[] = [];
    for (const id of ids) {
      if (!here.has(id)) {
        results.push({ id, status: null, code: 'NOT_FOUND' });
        continue;
      }
      try {
        const decided = await this.registrations.decide(reviewer, id, decision, reason);
        results.push({ id, status: decided.status, code: null });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        results.push({ id, status: null, code: error.code });
      }
    }
    return results;
  }
}
