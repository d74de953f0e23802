// A daemon's NATS credentials: an nkey seed file (what `troupe nats-credentials` makes; the
// server's config lists the public key with the daemon's permissions), or a NATS .creds file
// (user JWT + seed) for a nats-server run in operator (JWT) mode, whose permissions then live in
// the JWT. Read and checked once at start-up. Like ssh with private keys, a file that others
// may read is refused: whoever reads the seed speaks as that node.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { credsAuthenticator, nkeyAuthenticator, nkeys, type Authenticator } from '@nats-io/transport-node';

export class NatsCredentialsError extends Error {
  override name = 'NatsCredentialsError';
}

/** Loaded credentials: what nats.js authenticates with, and what the logs may say of it. */
export interface NatsCredentials {
  kind: 'nkey' | 'creds';
  file: string;
  /** The user's public key (U...), for nkey seeds; the config entry names it. */
  publicKey?: string;
  authenticator: Authenticator;
}

/** Reads an nkey seed file (`flag` names it in errors). */
export function loadNkeySeed(file: string, flag = '--nats-nkey'): NatsCredentials {
  const text = readPrivate(file, flag).trim();
  let publicKey: string;
  try {
    if (!text.startsWith('SU')) throw new Error('not a user seed');
    publicKey = nkeys.fromSeed(new TextEncoder().encode(text)).getPublicKey();
  } catch {
    throw new NatsCredentialsError(`${flag} ${file}: not an nkey user seed (one line starting with 'SU'; make one with 'troupe nats-credentials')`);
  }
  const seed = new TextEncoder().encode(text);
  return { kind: 'nkey', file, publicKey, authenticator: nkeyAuthenticator(seed) };
}

/** Reads a NATS .creds file (`flag` names it in errors). */
export function loadCredsFile(file: string, flag = '--nats-creds'): NatsCredentials {
  const text = readPrivate(file, flag);
  if (!/-----BEGIN NATS USER JWT-----/.test(text) || !/-----BEGIN USER NKEY SEED-----/.test(text)) {
    throw new NatsCredentialsError(`${flag} ${file}: not a NATS credentials file (a user JWT and its nkey seed, as 'nsc generate creds' writes)`);
  }
  return { kind: 'creds', file, authenticator: credsAuthenticator(new TextEncoder().encode(text)) };
}

/** A new nkey user: its seed (secret) and public key. */
export function createNkeyUser(): { seed: string; publicKey: string } {
  const kp = nkeys.createUser();
  return { seed: new TextDecoder().decode(kp.getSeed()), publicKey: kp.getPublicKey() };
}

/** Writes a seed file only its owner may read. */
export function writeSeedFile(file: string, seed: string): void {
  writeFileSync(file, `${seed}\n`, { mode: 0o600, flag: 'wx' });
}

function readPrivate(file: string, flag: string): string {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new NatsCredentialsError(`${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  if ((mode & 0o077) !== 0) {
    throw new NatsCredentialsError(`${flag} ${file}: readable or writable by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); whoever reads it speaks as this daemon: chmod 600 ${file}`);
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new NatsCredentialsError(`${flag} ${file}: ${(err as Error).message}`);
  }
}
