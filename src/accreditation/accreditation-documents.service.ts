import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource, In } from 'typeorm';
import { invalidTransition, notFound } from '../common/domain-error';
import { SignedInUser } from '../common/web';
import { Transactions } from '../database/transactions';
import { OrganisationsService } from '../organisations/organisations.service';
import { AccreditationDocument, DocumentKind } from './accreditation-document.entity';
import { AccreditationEventType } from './accreditation-event.entity';
import { AccreditationRequest, OPEN_STATUSES } from './accreditation-request.entity';
import { tooManyDocuments } from './accreditation.errors';
import { AccreditationService } from './accreditation.service';
import { DocumentStorage, safeFileName } from '../common/document-storage';

export const MAX_DOCUMENTS = 5;

/** The PDFs a focal point adds to an open request, and their safe download. */
@Injectable()
export class AccreditationDocumentsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AccreditationDocumentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly organisations: OrganisationsService,
    private readonly accreditation: AccreditationService,
    private readonly storage: DocumentStorage,
  ) {}

  /** Stores a PDF for an open request; at most MAX_DOCUMENTS. Nothing is kept if any check fails. */
  async addDocument(
    viewer: SignedInUser,
    id: string,
    kind: DocumentKind,
    originalName: string,
    file: Readable,
  ) {
    const request = await this.dataSource.getRepository(AccreditationRequest).findOneBy({ id });
    if (!request) throw notFound();
    await this.organisations.assertFocalPoint(viewer, request.organisationId, false);
    if (!OPEN_STATUSES.includes(request.status)) throw invalidTransition();
    const stored = await this.storage.receive(file);
    try {
      await this.storage.place(stored.storedName);
      return await this.transactions.run(async (manager) => {
        const locked = await this.accreditation.lockRequest(manager, id);
        if (!OPEN_STATUSES.includes(locked.status)) throw invalidTransition();
        if ((await manager.countBy(AccreditationDocument, { requestId: id })) >= MAX_DOCUMENTS) {
          throw tooManyDocuments();
        }
        const saved = await manager.save(
          manager.create(AccreditationDocument, {
            requestId: id,
            kind,
            originalName: safeFileName(originalName),
            storedName: stored.storedName,
            size: stored.size,
            sha256: stored.sha256,
            uploadedById: viewer.id,
          }),
        );
        await this.accreditation.record(
          manager,
          locked,
          viewer.id,
          AccreditationEventType.DocumentAdded,
          saved.originalName,
        );
        return saved;
      });
    } catch (error) {
      await this.storage.discard(stored.storedName);
      throw error;
    }
  }

  /**
   * The focal point removes a document before a decision (the request is submitted or waiting for
   * an answer). The file leaves storage after the commit; if that fails, the start-up sweep takes
   * it (it has no row any more).
   */
  async removeDocument(viewer: SignedInUser, requestId: string, documentId: string) {
    const request = await this.dataSource
      .getRepository(AccreditationRequest)
      .findOneBy({ id: requestId });
    if (!request) throw notFound();
    await this.organisations.assertFocalPoint(viewer, request.organisationId, false);
    const removed = await this.transactions.run(async (manager) => {
      const locked = await this.accreditation.lockRequest(manager, requestId);
      const document = await manager.findOneBy(AccreditationDocument, {
        id: documentId,
        requestId,
      });
      if (!document) throw notFound();
      if (!OPEN_STATUSES.includes(locked.status)) throw invalidTransition();
      await manager.delete(AccreditationDocument, { id: document.id });
      await this.accreditation.record(
        manager,
        locked,
        viewer.id,
        AccreditationEventType.DocumentRemoved,
        document.originalName,
      );
      return document;
    });
    await this.storage.discard(removed.storedName).catch((error: Error) => {
      this.logger.error('could not remove a deleted document’s file', error.stack);
    });
  }

  async document(viewer: SignedInUser, requestId: string, documentId: string) {
    const request = await this.dataSource
      .getRepository(AccreditationRequest)
      .findOneBy({ id: requestId });
    if (!request) throw notFound();
    await this.organisations.assertMember(viewer, request.organisationId);
    const document = await this.dataSource
      .getRepository(AccreditationDocument)
      .findOneBy({ id: documentId, requestId });
    if (!document) throw notFound();
    return { document, stream: await this.storage.open(document.storedName) };
  }

  /** At start, files an interrupted upload left (in incoming/, or placed with no row) are removed. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.storage.sweep(async (names) => {
        const rows = await this.dataSource
          .getRepository(AccreditationDocument)
          .find({ where: { storedName: In(names) }, select: { storedName: true } });
        return new Set(rows.map((r) => r.storedName));
      });
    } catch (error) {
      // Leftover files cost disk space only: the app starts, and the next start tries again.
      this.logger.error(
        'could not sweep files left by interrupted uploads',
        (error as Error).stack,
      );
    }
  }
}
