// API tokens: what a bearer token looks like, how it is made and checked. A token is
// `troupe_<id>_<secret>`: the id names its record (so checking one is a lookup, not a scan), the
// secret is 256 random bits of which only the SHA-256 is stored. A fast hash is enough for
// secrets of that strength (no password to guess); comparing is constant-time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const ROLES = ['admin', 'submitter', 'reader'] as const;
export type Role = (typeof ROLES)[number];
export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

export interface TokenRecord {
  id: string;
  /** The principal: jobs created with the token are owned by this name. */
  name: string;
  role: Role;
  /** SHA-256 of the secret, hex. */
  secretHash: string;
  creationTime: string;
  createdBy: string;
  /** A job-scoped credential (job-credentials.ts): the one job it may act on (job-scope.ts). Its
   *  role is 'submitter' and its name the job's owner, so what it adds is the owner's. */
  jobId?: string;
}

const TOKEN_FORMAT = /^troupe_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
export const TOKEN_ID_FORMAT = /^[a-z0-9]{12}$/;
/** A principal's name: shown in job records and audit lines. */
export const TOKEN_NAME_FORMAT = /^[A-Za-z0-9_.@-]{1,64}$/;

export function newToken(): { id: string; secret: string; bearer: string } {
  const id = randomBytes(8).toString('hex').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, bearer: `troupe_${id}_${secret}` };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The id and secret of a bearer token, or undefined when it is not troupe's format. */
export function parseBearer(bearer: string): { id: string; secret: string } | undefined {
  const m = TOKEN_FORMAT.exec(bearer.trim());
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

export function secretMatches(record: TokenRecord, secret: string): boolean {
  const want = Buffer.from(record.secretHash, 'hex');
  const got = Buffer.from(hashSecret(secret), 'hex');
  return want.length === got.length && timingSafeEqual(want, got);
}
