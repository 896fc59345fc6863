import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { EntityManager, In } from 'typeorm';
import { AccreditationDocument } from '../accreditation/accreditation-document.entity';
import {
  AccreditationRequest,
  AccreditationStatus,
} from '../accreditation/accreditation-request.entity';
import { DocumentStorage } from '../common/document-storage';
import { retentionConfig } from '../config';
import { RetentionStepResult, RetentionSteps } from '../data-protection/retention-steps';
import { execute } from '../database/raw-sql';

const DAY_MS = 86_400_000;

/** What an anonymised participant is called; their email becomes erased-<registration id>@invalid. */
export const ERASED_PARTICIPANT = 'erased participant';

const before = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/**
 * The retention rules over data this module can see: participants of past consultations, and the
 * documents of accreditation requests that were turned down or withdrawn. (Passport data is the
 * letters module's step.)
 */
@Injectable()
export class RetentionRules implements OnModuleInit {
  constructor(
    @Inject(retentionConfig.KEY) private readonly config: ConfigType<typeof retentionConfig>,
    private readonly steps: RetentionSteps,
    private readonly storage: DocumentStorage,
  ) {}

  onModuleInit(): void {
    this.steps.register('participantContacts', (manager, now) =>
      this.anonymiseParticipants(manager, now),
    );
    this.steps.register('accreditationDocuments', (manager, now) =>
      this.deleteAccreditationDocuments(manager, now),
    );
  }

  /**
   * Name, email, position and needs of each registration of a consultation that ended
   * RETENTION_PARTICIPANT_DAYS ago; status, organisation, gender and nationality stay for the
   * statistics. The email keeps the registration's id, so the unique index still holds.
   */
  anonymiseParticipants(manager: EntityManager, now: Date): Promise<number> {
    return execute(
      manager,
      `UPDATE registrations SET "participantName" = ?,
         "participantEmail" = 'erased-' || CAST(id AS text) || '@invalid',
         position = '', "accessibilityNeeds" = '', "dietaryNeeds" = '',
         "pendingSubstitute" = NULL, "participantTokenHash" = NULL
       WHERE "participantEmail" NOT LIKE 'erased-%@invalid'
         AND "consultationId" IN (SELECT id FROM consultations WHERE "endsAt" < ?)`,
      [ERASED_PARTICIPANT, before(now, this.config.participantDays)],
    );
  }

  /** Row and file of each document of a request rejected or withdrawn long enough ago. */
  async deleteAccreditationDocuments(
    manager: EntityManager,
    now: Date,
  ): Promise<RetentionStepResult> {
    const documents = await manager
      .createQueryBuilder(AccreditationDocument, 'd')
      .innerJoin(AccreditationRequest, 'r', 'r.id = d.requestId')
      .select(['d.id', 'd.storedName'])
      .where('r.status IN (:...statuses)', {
        statuses: [AccreditationStatus.Rejected, AccreditationStatus.Withdrawn],
      })
      .andWhere('r.decidedAt < :cutoff', {
        cutoff: before(now, this.config.accreditationDocumentDays),
      })
      .getMany();
    if (!documents.length) return { erased: 0 };
    await manager.delete(AccreditationDocument, { id: In(documents.map((d) => d.id)) });
    return {
      erased: documents.length,
      afterCommit: async () => {
        for (const document of documents) await this.storage.discard(document.storedName);
      },
    };
  }
}
