import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource, In } from 'typeorm';
import { DocumentStorage, safeFileName } from '../common/document-storage';
import { invalidTransition, notFound } from '../common/domain-error';
import { SignedInUser } from '../common/web';
import { lockById } from '../database/locks';
import { Transactions } from '../database/transactions';
import { InputCall } from './input-call.entity';
import { attachmentNotAllowed } from './inputs.errors';
import { InputsQueries } from './inputs.queries';
import { Submission } from './submission.entity';
import { EDITABLE, SUBMISSION_STORAGE, SubmissionsService } from './submissions.service';

/**
 * A submission's one PDF: received and checked outside the transaction, placed, then named on the
 * locked row (a replaced file is discarded after the commit, a refused one at once); read by
 * whoever may read the submission; and the files an interrupted upload left swept at start.
 */
@Injectable()
export class SubmissionAttachments implements OnApplicationBootstrap {
  private readonly logger = new Logger(SubmissionAttachments.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly submissions: SubmissionsService,
    private readonly queries: InputsQueries,
    @Inject(SUBMISSION_STORAGE) private readonly storage: DocumentStorage,
  ) {}

  /** One PDF, when the call allows it, on a draft or returned submission; it replaces any other. */
  async attach(viewer: SignedInUser, id: string, originalName: string, file: Readable) {
    const submission = await this.submissions.own(viewer, id);
    const call = await this.dataSource
      .getRepository(InputCall)
      .findOneByOrFail({ id: submission.callId });
    if (!call.allowAttachment) {
      file.resume();
      throw attachmentNotAllowed();
    }
    if (!EDITABLE.includes(submission.status)) {
      file.resume();
      throw invalidTransition();
    }
    const stored = await this.storage.receive(file);
    let previous: string | null = null;
    try {
      await this.storage.place(stored.storedName);
      const saved = await this.transactions.run(async (manager) => {
        const locked = await lockById(manager, Submission, id);
        if (!EDITABLE.includes(locked.status)) throw invalidTransition();
        previous = locked.attachmentStoredName;
        locked.attachmentName = safeFileName(originalName);
        locked.attachmentStoredName = stored.storedName;
        locked.attachmentSize = stored.size;
        await manager.save(locked);
        await this.submissions.record(manager, viewer, locked, 'attachment_added', {
          name: locked.attachmentName,
          sha256: stored.sha256,
        });
        return locked;
      });
      if (previous) await this.storage.discard(previous);
      return saved;
    } catch (error) {
      await this.storage.discard(stored.storedName);
      throw error;
    }
  }

  /** At start, files an interrupted upload left (in incoming/, or placed with no row) are removed. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.storage.sweep(async (names) => {
        const rows = await this.dataSource.getRepository(Submission).find({
          where: { attachmentStoredName: In(names) },
          select: { attachmentStoredName: true },
        });
        return new Set(rows.map((r) => r.attachmentStoredName!));
      });
    } catch (error) {
      this.logger.error(
        'could not sweep files left by interrupted uploads',
        (error as Error).stack,
      );
    }
  }

  /** The attachment's PDF, to whoever may read the submission. */
  async attachment(viewer: SignedInUser | undefined, id: string) {
    const { submission } = await this.queries.detail(viewer, id);
    if (!submission.attachmentStoredName) throw notFound();
    return {
      name: submission.attachmentName ?? 'input.pdf',
      stream: await this.storage.open(submission.attachmentStoredName),
    };
  }
}
