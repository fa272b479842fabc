import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API tokens: `bt_<lookup prefix>_<secret>`. 32 random bytes (256 bits) in base64url; the
 * first 8 characters double as the lookup prefix, stored in clear (indexed), so a request costs
 * one indexed read; only the SHA-256 of the whole token is stored. A fast hash is enough here:
 * the secret is random, not a password, so there is nothing to guess by brute force.
 */
export const TOKEN_PREFIX_LENGTH = 8;
const TOKEN_PATTERN = /^bt_([A-Za-z0-9_-]{8})_([A-Za-z0-9_-]{43})$/;

export interface NewToken {
  /** Shown once, never stored. */
  token: string;
  prefix: string;
  hash: string;
}

export function generateToken(): NewToken {
  const secret = randomBytes(32).toString('base64url');
  const prefix = randomBytes(6).toString('base64url');
  const token = `bt_${prefix}_${secret}`;
  return { token, prefix, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The lookup prefix of a well-formed token, or null: malformed tokens never reach the database. */
export function tokenPrefix(token: string): string | null {
  return TOKEN_PATTERN.exec(token)?.[1] ?? null;
}

/** Constant-time comparison of a presented token with a stored hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header value, or null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match ? match[1] : null;
}
