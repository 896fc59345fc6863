import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { AccreditationDocument } from '../src/accreditation/accreditation-document.entity';
import { DocumentStorage } from '../src/common/document-storage';
import { focalPointWithOrganisation, REQUEST } from './support/organisations';
import { pdfBytes } from './support/pdf';
import { createTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const pdfsIn = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.pdf'))
        .sort()
    : [];

describe('document uploads: a row never without its file', () => {
  let t: TestApp;
  let uploads: string;

  beforeAll(async () => {
    uploads = mkdtempSync(join(tmpdir(), 'convene-uploads-'));
    t = await createTestApp({ env: { UPLOAD_DIR: uploads } });
  });
  afterAll(async () => {
    await t.close();
    rmSync(uploads, { recursive: true, force: true });
  });
  afterEach(() => jest.restoreAllMocks());

  async function openRequest() {
    const focal = await focalPointWithOrganisation(t);
    const request = await t
      .http()
      .post(`/api/v1/organisations/${focal.organisation.id}/accreditation-requests`)
      .set(auth(focal.token))
      .send(REQUEST)
      .expect(201);
    const upload = () =>
      t
        .http()
        .post(`/api/v1/accreditation-requests/${request.body.id}/documents`)
        .set(auth(focal.token))
        .field('kind', 'statutes')
        .attach('file', pdfBytes(), 'statutes.pdf');
    return { token: focal.token, requestId: request.body.id as string, upload };
  }

  it('commits no row and keeps no file when the file cannot be moved to its place', async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { requestId, upload } = await openRequest();
    const before = pdfsIn(uploads);
    jest
      .spyOn(t.app.get(DocumentStorage), 'place')
      .mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' }));
    expect((await upload()).status).toBe(500);
    expect(await t.dataSource.getRepository(AccreditationDocument).countBy({ requestId })).toBe(0);
    expect(pdfsIn(uploads)).toEqual(before);
    expect(pdfsIn(join(uploads, 'incoming'))).toEqual([]);
  });

  it('removes the placed file when its row cannot be committed', async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { requestId, upload } = await openRequest();
    const before = pdfsIn(uploads);
    jest
      .spyOn(t.transactions, 'run')
      .mockRejectedValueOnce(new Error('connection lost during commit'));
    expect((await upload()).status).toBe(500);
    expect(await t.dataSource.getRepository(AccreditationDocument).countBy({ requestId })).toBe(0);
    expect(pdfsIn(uploads)).toEqual(before);
    expect(pdfsIn(join(uploads, 'incoming'))).toEqual([]);
    // The next upload works and its row has its file.
    const kept = await upload().expect(201);
    const document = await t.dataSource
      .getRepository(AccreditationDocument)
      .findOneByOrFail({ id: kept.body.id });
    expect(pdfsIn(uploads)).toContain(document.storedName);
  });

  it('answers 410 with a clear message, not 500, for a document whose file is missing', async () => {
    const { token, upload } = await openRequest();
    const uploaded = await upload().expect(201);
    const document = await t.dataSource
      .getRepository(AccreditationDocument)
      .findOneByOrFail({ id: uploaded.body.id });
    rmSync(join(uploads, document.storedName));
    const missing = await t.http().get(uploaded.body.url).set(auth(token)).expect(410);
    expect(missing.body).toMatchObject({
      code: 'DOCUMENT_MISSING',
      message:
        "This document's file is no longer available. Ask the organisation to upload it again.",
    });
  });

  it('sweeps at start what interrupted uploads left, older than a few minutes; kept and recent files stay', async () => {
    const { token, upload } = await openRequest();
    const uploaded = await upload().expect(201);
    const kept = (
      await t.dataSource
        .getRepository(AccreditationDocument)
        .findOneByOrFail({ id: uploaded.body.id })
    ).storedName;
    const hourAgo = new Date(Date.now() - 3_600_000);
    const file = (dir: string, name: string, old: boolean) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, name), pdfBytes());
      if (old) utimesSync(join(dir, name), hourAgo, hourAgo);
      return name;
    };
    utimesSync(join(uploads, kept), hourAgo, hourAgo);
    const staleIncoming = file(join(uploads, 'incoming'), `${randomUUID()}.pdf`, true);
    const freshIncoming = file(join(uploads, 'incoming'), `${randomUUID()}.pdf`, false);
    const orphan = file(uploads, `${randomUUID()}.pdf`, true);
    const freshOrphan = file(uploads, `${randomUUID()}.pdf`, false);
    const foreign = file(uploads, 'notes.pdf', true);

    const restarted = await createTestApp({ database: t.database, env: { UPLOAD_DIR: uploads } });
    try {
      expect(pdfsIn(join(uploads, 'incoming'))).toEqual([freshIncoming]);
      expect(pdfsIn(join(uploads, 'incoming'))).not.toContain(staleIncoming);
      expect(pdfsIn(uploads)).toEqual(expect.arrayContaining([kept, freshOrphan, foreign]));
      expect(pdfsIn(uploads)).not.toContain(orphan);
      await restarted.http().get(uploaded.body.url).set(auth(token)).expect(200);
    } finally {
      await restarted.close();
    }
  });
});
