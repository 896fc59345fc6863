import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { appConfig, projectRoot } from '../config';
import { documentMissing, fileTooLarge, notAPdf } from './upload-errors';

/** The sub-folder of UPLOAD_DIR a module's storage uses (none: UPLOAD_DIR itself). */
export const STORAGE_FOLDER = Symbol('STORAGE_FOLDER');

const PDF_MAGIC = Buffer.from('%PDF-');
/** The names receive() gives; the sweep touches nothing else in UPLOAD_DIR. */
const STORED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.pdf$/;
/** Far longer than any upload takes, so a sweep never removes another instance's upload in flight. */
export const ORPHAN_MIN_AGE_MS = 15 * 60_000;

export interface StoredFile {
  storedName: string;
  size: number;
  sha256: string;
}

/**
 * Uploaded documents on disk under UPLOAD_DIR, with generated names. A file is checked by its
 * content while it streams in to incoming/ (it must start with %PDF-) and by its size; only a
 * complete, valid file is moved to its final place, and that happens before its row is committed,
 * so a row always has its file. What a crash leaves behind is swept at start.
 */
@Injectable()
export class DocumentStorage {
  private readonly logger = new Logger(DocumentStorage.name);
  private readonly root: string;

  /**
   * `folder` keeps one module's files apart from another's under UPLOAD_DIR: each sweep reads only
   * its own folder's top level, so it never takes another module's files for orphans.
   */
  constructor(
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
    @Optional() @Inject(STORAGE_FOLDER) folder?: string,
  ) {
    const base = isAbsolute(config.uploadDir)
      ? config.uploadDir
      : join(projectRoot, config.uploadDir);
    this.root = folder ? join(base, folder) : base;
  }

  /** Streams to a temporary file; returns it once checked. Throws 400 (not a PDF) or 413. */
  async receive(source: Readable & { truncated?: boolean }): Promise<StoredFile> {
    await mkdir(join(this.root, 'incoming'), { recursive: true });
    const storedName = `${randomUUID()}.pdf`;
    const incoming = join(this.root, 'incoming', storedName);
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    const inspect = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        if (head.length < PDF_MAGIC.length) {
          head = Buffer.concat([head, chunk]).subarray(0, PDF_MAGIC.length);
          if (head.length === PDF_MAGIC.length && !head.equals(PDF_MAGIC)) {
            done(notAPdf());
            return;
          }
        }
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const sink = createWriteStream(incoming);
    try {
      await pipeline(source, inspect, sink);
      if (source.truncated || size > this.config.uploadMaxBytes) {
        throw fileTooLarge();
      }
      if (size < PDF_MAGIC.length || !head.equals(PDF_MAGIC)) throw notAPdf();
    } catch (error) {
      // A refused upload may end before the file was even opened: wait until the file stream has
      // closed, or it would create the file after it was removed (a half-received file left).
      if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      await rm(incoming, { force: true });
      throw error;
    }
    return { storedName, size, sha256: hash.digest('hex') };
  }

  /** Moves a received file to its final place: done before its row is committed, never after. */
  async place(storedName: string): Promise<void> {
    await rename(join(this.root, 'incoming', storedName), this.finalPath(storedName));
  }

  /** Removes a file wherever it is (its upload failed, or its row was not committed). */
  async discard(storedName: string): Promise<void> {
    await rm(join(this.root, 'incoming', storedName), { force: true });
    await rm(this.finalPath(storedName), { force: true });
  }

  /** Opens a stored file; one that is missing on disk is 410 with a clear message, never a 500. */
  async open(storedName: string): Promise<ReadStream> {
    try {
      const handle = await open(this.finalPath(storedName), 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.logger.warn(`stored document ${storedName} is missing on disk`);
      throw documentMissing();
    }
  }

  /**
   * Removes what an interrupted upload left behind: files still in incoming/, and final files that
   * no row names. Only files older than `minAgeMs`, so another instance's upload in flight stays.
   */
  async sweep(
    referenced: (names: string[]) => Promise<Set<string>>,
    minAgeMs = ORPHAN_MIN_AGE_MS,
  ): Promise<number> {
    const cutoff = Date.now() - minAgeMs;
    const old = async (dir: string) => {
      const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[];
        throw error;
      });
      const found: string[] = [];
      for (const name of names.filter((n) => STORED_NAME.test(n))) {
        const info = await stat(join(dir, name)).catch(() => null);
        if (info?.isFile() && info.mtimeMs < cutoff) found.push(name);
      }
      return found;
    };
    const stale = await old(join(this.root, 'incoming'));
    for (const name of stale) await rm(join(this.root, 'incoming', name), { force: true });
    const placed = await old(this.root);
    const kept = new Set<string>();
    for (let i = 0; i < placed.length; i += 500) {
      for (const name of await referenced(placed.slice(i, i + 500))) kept.add(name);
    }
    const orphans = placed.filter((name) => !kept.has(name));
    for (const name of orphans) await rm(join(this.root, name), { force: true });
    const removed = stale.length + orphans.length;
    if (removed) this.logger.warn(`removed ${removed} file(s) left by interrupted uploads`);
    return removed;
  }

  private finalPath(storedName: string): string {
    return join(this.root, storedName.replace(/[^\w.-]/g, ''));
  }
}

/** An uploaded file's name as it may be shown and sent back: letters, digits and a few marks. */
export function safeFileName(name: string): string {
  const cleaned = name
    .replace(/[^\p{L}\p{N} ._()-]+/gu, '_')
    .replace(/^\.+/, '')
    .slice(0, 150);
  return cleaned || 'document.pdf';
}
