import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, ReadStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError, InvalidInputError } from '../common/domain-error';
import { appConfig, projectRoot } from '../config';

const PDF_MAGIC = Buffer.from('%PDF-');

export interface StoredFile {
  storedName: string;
  size: number;
  sha256: string;
}

/**
 * Uploaded documents on disk under UPLOAD_DIR, with generated names. A file is checked by its
 * content while it streams in (it must start with %PDF-) and by its size, and only a complete,
 * valid file is kept.
 */
@Injectable()
export class DocumentStorage {
  private readonly root: string;

  constructor(@Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>) {
    this.root = isAbsolute(config.uploadDir) ? config.uploadDir : join(projectRoot, config.uploadDir);
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
            done(new InvalidInputError({ file: ['errors.not_a_pdf'] }));
            return;
          }
        }
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, inspect, createWriteStream(incoming));
      if (source.truncated || size > this.config.uploadMaxBytes) {
        throw new DomainError(HttpStatus.PAYLOAD_TOO_LARGE, 'errors.too_large');
      }
      if (size < PDF_MAGIC.length || !head.equals(PDF_MAGIC)) throw new InvalidInputError({ file: ['errors.not_a_pdf'] });
    } catch (error) {
      await rm(incoming, { force: true });
      throw error;
    }
    return { storedName, size, sha256: hash.digest('hex') };
  }

  async keep(storedName: string): Promise<void> {
    await rename(join(this.root, 'incoming', storedName), join(this.root, storedName));
  }

  async discard(storedName: string): Promise<void> {
    await rm(join(this.root, 'incoming', storedName), { force: true });
  }

  open(storedName: string): ReadStream {
    return createReadStream(join(this.root, storedName.replace(/[^\w.-]/g, '')));
  }
}
