import { registerAs } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { ConfigError, email, line, str, url } from './env';
import { projectRoot } from './paths';

const LOGO_MAX_BYTES = 1024 * 1024;

const LOGO_TYPES: Record<string, { contentType: string; looksRight: (bytes: Buffer) => boolean }> =
  {
    '.png': {
      contentType: 'image/png',
      looksRight: (bytes) =>
        bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    },
    '.jpg': { contentType: 'image/jpeg', looksRight: isJpeg },
    '.jpeg': { contentType: 'image/jpeg', looksRight: isJpeg },
    '.svg': {
      contentType: 'image/svg+xml',
      looksRight: (bytes) =>
        !bytes.includes(0) && /<svg[\s>]/i.test(bytes.subarray(0, 4096).toString('utf8')),
    },
  };

function isJpeg(bytes: Buffer): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

export interface HostLogo {
  contentType: string;
  bytes: Buffer;
  /** A hash of the bytes, so that the page's link changes when the file does. */
  version: string;
}

/** HOST_LOGO_FILE: a PNG, JPEG or SVG of at most 1 MB, read once at boot. */
function logo(name: string): HostLogo | null {
  const file = str(name);
  if (!file) return null;
  const type = LOGO_TYPES[extname(file).toLowerCase()];
  if (!type) throw new ConfigError(`${name} must be a .png, .svg, .jpg or .jpeg file`);
  const path = resolve(projectRoot, file);
  let bytes: Buffer;
  try {
    if (statSync(path).size > LOGO_MAX_BYTES) {
      throw new ConfigError(`${name} must be at most ${LOGO_MAX_BYTES} bytes`);
    }
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${name} cannot be read (${path})`);
  }
  if (!type.looksRight(bytes)) {
    throw new ConfigError(`${name} is not the ${type.contentType} its name says (${path})`);
  }
  const version = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  return { contentType: type.contentType, bytes, version };
}

/**
 * The organisation that runs this Convene, as pages, mail, badges and letters name it
 * (common/host.ts turns it into what they show).
 */
export const hostConfig = registerAs('host', () => {
  const name = line('HOST_NAME', 'Convene demo host', 200);
  return {
    /** The name in each language; French and Spanish default to HOST_NAME. */
    names: {
      en: name,
      fr: line('HOST_NAME_FR', name, 200),
      es: line('HOST_NAME_ES', name, 200),
    },
    address: line('HOST_ADDRESS', '', 300),
    contactEmail: email('HOST_CONTACT_EMAIL'),
    /** The data controller's address for requests about personal data; empty: HOST_CONTACT_EMAIL. */
    controllerContact: email('HOST_CONTROLLER_CONTACT'),
    logo: logo('HOST_LOGO_FILE'),
    /** Who signs the visa invitation letters, as the letter prints them. */
    signatory: {
      name: line('HOST_SIGNATORY_NAME', 'Head of Civil Society Relations', 200),
      title: line('HOST_SIGNATORY_TITLE', 'On behalf of the host organisation', 200),
    },
    /** The host's own privacy notice; empty: the built-in one at /privacy. */
    privacyUrl: url('PRIVACY_URL', '', ['https:', 'http:']),
  };
});

export type HostConfig = ReturnType<typeof hostConfig>;
