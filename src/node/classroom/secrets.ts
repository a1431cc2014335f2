import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Letters and digits that cannot be mistaken for each other when read off a projector (no I, L, O, 0, 1). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;

export interface Secrets {
  /** Students' join code: short, typed from the projector (31^6 ≈ 8.9·10^8 codes). */
  code: string;
  /** Teacher's token: 256 random bits, base64url. */
  token: string;
}

/** New secrets for one run of the server. */
export function newSecrets(): Secrets {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return { code, token: randomBytes(32).toString('base64url') };
}

/**
 * Constant-time comparison of a secret with what a client sent. Both sides are hashed first, so
 * the time depends on neither the secret's length nor where the first difference is.
 */
export function sameSecret(sent: string, secret: string): boolean {
  const a = createHash('sha256').update(sent, 'utf8').digest();
  const b = createHash('sha256').update(secret, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Join codes are typed by hand: compare them without regard to case. */
export function sameCode(sent: string, code: string): boolean {
  return sameSecret(sent.toUpperCase(), code);
}
