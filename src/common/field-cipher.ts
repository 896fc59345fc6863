import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One data-encryption key: its id (stored with every value) and 32 bytes of AES-256 key. */
export interface DataKey {
  id: string;
  key: Buffer;
}

/** A stored value that cannot be read: unknown key id, wrong key, tampered or malformed. */
export class FieldCipherError extends Error {}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

const b64 = (bytes: Buffer) => bytes.toString('base64url');

/**
 * Encrypts single fields (a passport number, a date of birth) with AES-256-GCM. A stored value
 * reads `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url), so keys rotate: the first key encrypts,
 * every key decrypts. `context` (e.g. `letter_requests.passportNumber`) is bound as additional
 * data, so a value copied into another column does not decrypt there. Anything that does not
 * decrypt throws; it never answers garbage.
 */
export class FieldCipher {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: DataKey[]) {
    if (!keys.length) throw new FieldCipherError('at least one data-encryption key is needed');
    this.byId = new Map();
    for (const { id, key } of keys) {
      if (!KEY_ID.test(id)) throw new FieldCipherError(`bad key id "${id}"`);
      if (key.length !== 32) throw new FieldCipherError(`key ${id} must be 32 bytes`);
      if (this.byId.has(id)) throw new FieldCipherError(`key id ${id} given twice`);
      this.byId.set(id, key);
    }
  }

  /** The id of the key new values are written with. */
  get currentKeyId(): string {
    return this.keys[0].id;
  }

  encrypt(plain: string, context = ''): string {
    const { id, key } = this.keys[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, id, b64(iv), b64(cipher.getAuthTag()), b64(body)].join(':');
  }

  decrypt(stored: string, context = ''): string {
    const parts = typeof stored === 'string' ? stored.split(':') : [];
    if (parts.length !== 5 || parts[0] !== VERSION)
      throw new FieldCipherError('not an encrypted value');
    const [, id, iv, tag, body] = parts;
    const key = this.byId.get(id);
    if (!key) throw new FieldCipherError(`no data-encryption key with id ${id}`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new FieldCipherError(`value does not decrypt with key ${id}: wrong key or tampered`);
    }
  }

  /** The id of the key a stored value was written with (to find values to re-encrypt). */
  static keyIdOf(stored: string): string | null {
    const parts = stored.split(':');
    return parts.length === 5 && parts[0] === VERSION ? parts[1] : null;
  }
}
