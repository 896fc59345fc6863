import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';
import { badgesConfig } from '../config/badges.config';
import { Registration, RegistrationStatus } from './registration.entity';

/** What a check-in code says: whose seat, which person in it, at which consultation. */
export interface CheckInClaims {
  registrationId: string;
  participantVersion: number;
  consultationId: string;
}

const PREFIX = 'CV1.';
/** Signed with the payload, so a signature made for anything else never reads as a badge. */
const CONTEXT = Buffer.from('convene check-in code v1\n');
const PAYLOAD_BYTES = 16 + 4 + 16;
const SIGNATURE_BYTES = 64;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidBytes(id: string): Buffer {
  if (!UUID.test(id)) throw new Error('not a uuid');
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function payload(claims: CheckInClaims): Buffer {
  const version = Buffer.alloc(4);
  version.writeUInt32BE(claims.participantVersion);
  return Buffer.concat([
    uuidBytes(claims.registrationId),
    version,
    uuidBytes(claims.consultationId),
  ]);
}

/** `CV1.` + base64url(registration id, participant version, consultation id, Ed25519 signature): 138 URL- and QR-safe characters. */
export function signCheckInCode(privateKey: KeyObject, claims: CheckInClaims): string {
  const data = payload(claims);
  const signature = sign(null, Buffer.concat([CONTEXT, data]), privateKey);
  return PREFIX + Buffer.concat([data, signature]).toString('base64url');
}

/** The claims of a code whose signature holds, or null for anything else (tampered, foreign, garbage). */
export function verifyCheckInCode(publicKey: KeyObject, code: unknown): CheckInClaims | null {
  if (typeof code !== 'string' || !code.startsWith(PREFIX) || code.length > 200) return null;
  const body = code.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return null;
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length !== PAYLOAD_BYTES + SIGNATURE_BYTES) return null;
  if (bytes.toString('base64url') !== body) return null;
  const data = bytes.subarray(0, PAYLOAD_BYTES);
  const signature = bytes.subarray(PAYLOAD_BYTES);
  if (!verify(null, Buffer.concat([CONTEXT, data]), publicKey, signature)) return null;
  return {
    registrationId: uuidText(data.subarray(0, 16)),
    participantVersion: data.readUInt32BE(16),
    consultationId: uuidText(data.subarray(20, 36)),
  };
}

/** A short code for the name desk, read aloud or typed: not a credential, only a handle. */
export function shortCode(registrationId: string): string {
  return registrationId.replace(/-/g, '').slice(0, 8).toUpperCase();
}

/**
 * Signs and reads the check-in codes that badges carry (BADGE_SIGNING_KEY). A registration's
 * `checkInCode` exists while it is confirmed; the signature only proves the code was issued, so
 * check-in still reads the registration's current state.
 */
@Injectable()
export class CheckInCodes {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;

  constructor(@Inject(badgesConfig.KEY) config: ConfigType<typeof badgesConfig>) {
    this.privateKey = createPrivateKey(config.privateKeyPem);
    this.publicKey = createPublicKey(config.publicKeyPem);
    this.publicKeyPem = config.publicKeyPem;
  }

  /** The code of the registration's current participant, or null unless it is confirmed. */
  codeFor(registration: Registration): string | null {
    if (registration.status !== RegistrationStatus.Confirmed) return null;
    return signCheckInCode(this.privateKey, {
      registrationId: registration.id,
      // A registration just inserted has not read back its column default (1) yet.
      participantVersion: registration.participantVersion ?? 1,
      consultationId: registration.consultationId,
    });
  }

  read(code: unknown): CheckInClaims | null {
    return verifyCheckInCode(this.publicKey, code);
  }
}
