// Where the CLI finds the API and its credentials, first match wins:
//   address  --api, TROUPE_API, the config file's "api", 127.0.0.1:7878
//   token    --token, TROUPE_TOKEN, the config file's "token"
//   CA       --ca, TROUPE_CA, the config file's "ca" (a PEM file; none = the system's CAs)
//   pool     (`troupe run`/`submit` only) --pool, TROUPE_POOL, the config file's "pool", else the
//            cluster's only pool
// The config file is TROUPE_CONFIG, else $XDG_CONFIG_HOME/troupe/config (~/.config/troupe/config),
// JSON: {"api": "HOST:PORT", "token": "troupe_...", "ca": "/path/ca.pem"}. `troupe up` writes one
// for its local cluster, so the CLI reaches it with no flag.
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_API_ADDRESS } from '../protocol/grpc/api-address.ts';
import type { ApiCredentials } from '../protocol/grpc/api-credentials.ts';
import { UsageError } from './cli-errors.ts';

export interface ClientConfigFile {
  api?: string;
  token?: string;
  ca?: string;
  /** The pool `troupe run` and `troupe submit` use when given none. */
  pool?: string;
  /** Set by `troupe up` on the file it writes: it may replace such a file, never another. */
  writtenBy?: string;
}

export interface ClientConfig extends ApiCredentials {
  api: string;
  /** The config file read, if any (for messages). */
  file?: string;
  /** TROUPE_POOL, else the config file's "pool". */
  defaultPool?: string;
}

export function clientConfigPath(env: NodeJS.ProcessEnv): string {
  if (env.TROUPE_CONFIG) return path.resolve(env.TROUPE_CONFIG);
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'troupe', 'config');
}

/** The config file's contents; undefined when there is none. A file that is not valid JSON of
 *  that shape is a UsageError naming it. */
export function readClientConfigFile(file: string): ClientConfigFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`config file ${file}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`config file ${file}: not JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`config file ${file}: must be a JSON object`);
  const out: ClientConfigFile = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!['api', 'token', 'ca', 'pool', 'writtenBy'].includes(key)) throw new UsageError(`config file ${file}: unknown key '${key}' (known: api, token, ca, pool)`);
    if (typeof value !== 'string') throw new UsageError(`config file ${file}: '${key}' must be a string`);
    out[key as keyof ClientConfigFile] = value;
  }
  return out;
}

export function resolveClientConfig(flags: { api?: string; token?: string; ca?: string }, env: NodeJS.ProcessEnv, warn: (text: string) => void): ClientConfig {
  const file = clientConfigPath(env);
  const fromFile = readClientConfigFile(file);
  if (fromFile?.token && !flags.token && !env.TROUPE_TOKEN) {
    const mode = statSync(file).mode;
    if (mode & 0o077) warn(`warning: ${file} holds a token and can be read by other users: chmod 600 ${file}`);
  }
  const api = flags.api || env.TROUPE_API || fromFile?.api || DEFAULT_API_ADDRESS;
  const token = flags.token || env.TROUPE_TOKEN || fromFile?.token;
  const caFile = flags.ca || env.TROUPE_CA || (fromFile?.ca ? path.resolve(path.dirname(file), fromFile.ca) : undefined);
  let ca: Buffer | undefined;
  if (caFile) {
    try {
      ca = readFileSync(caFile);
    } catch (err) {
      const source = flags.ca ? '--ca' : env.TROUPE_CA ? 'TROUPE_CA' : `config file ${file} 'ca'`;
      throw new UsageError(`${source} ${caFile}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
  }
  const defaultPool = env.TROUPE_POOL || fromFile?.pool;
  return { api, ...(token ? { token } : {}), ...(ca ? { ca } : {}), ...(fromFile ? { file } : {}), ...(defaultPool ? { defaultPool } : {}) };
}
