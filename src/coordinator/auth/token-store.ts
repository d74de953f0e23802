// The API tokens, in their JetStream KV bucket (troupe_tokens, one record per token id, the
// secret's hash only) and cached here: every call checks its token against the cache, with no
// store round trip. Only the leading coordinator serves the API and writes tokens, so the cache
// it loaded at start-up plus its own writes is the whole truth.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { KV, KvWatchEntry } from '@nats-io/kv';
import { decode, encode } from '../../protocol/nats/codec.ts';
import { TroupeError, UnauthenticatedError } from '../../protocol/errors.ts';
import { nowIso } from '../../protocol/records/records.ts';
import type { Logger } from '../../protocol/log.ts';
import { hashSecret, newToken, parseBearer, secretMatches, type Role, type TokenRecord } from './tokens.ts';

/** The name the coordinator's own admin token (--admin-token-file) is created under. */
export const BOOTSTRAP_NAME = 'admin';

export class TokenStore {
  private readonly byId = new Map<string, TokenRecord>();

  private constructor(private readonly kv: KV) {}

  static async open(kv: KV): Promise<TokenStore> {
    const store = new TokenStore(kv);
    const status = await kv.status();
    if (status.values > 0) {
      const watcher = await kv.watch();
      for await (const entry of watcher as AsyncIterable<KvWatchEntry>) {
        if (entry.operation === 'PUT') {
          const record = decode<TokenRecord>(entry.value);
          store.byId.set(record.id, record);
        } else {
          store.byId.delete(entry.key);
        }
        if (entry.delta === 0) break;
      }
      watcher.stop();
    }
    return store;
  }

  get size(): number {
    return this.byId.size;
  }

  list(): TokenRecord[] {
    return [...this.byId.values()].sort((a, b) => (a.creationTime < b.creationTime ? -1 : a.creationTime > b.creationTime ? 1 : a.id < b.id ? -1 : 1));
  }

  /** The token a bearer string stands for; UnauthenticatedError when none (unknown, revoked,
   *  malformed: the message does not say which part was wrong). */
  verify(bearer: string): TokenRecord {
    const parsed = parseBearer(bearer);
    const record = parsed && this.byId.get(parsed.id);
    if (!parsed || !record || !secretMatches(record, parsed.secret)) {
      throw new UnauthenticatedError('the token is not valid (unknown, revoked or malformed)');
    }
    return record;
  }

  /** A new token; its bearer string is returned here only. */
  async create(name: string, role: Role, createdBy: string): Promise<{ record: TokenRecord; bearer: string }> {
    const token = newToken();
    const record: TokenRecord = { id: token.id, name, role, secretHash: hashSecret(token.secret), creationTime: nowIso(), createdBy };
    await this.store(record);
    return { record, bearer: token.bearer };
  }

  /** A credential scoped to one job (job-credentials.ts), in the owner's name. */
  async createForJob(owner: string, jobId: string): Promise<{ record: TokenRecord; bearer: string }> {
    const token = newToken();
    const record: TokenRecord = { id: token.id, name: owner, role: 'submitter', secretHash: hashSecret(token.secret), creationTime: nowIso(), createdBy: `job/${jobId}`, jobId };
    await this.store(record);
    return { record, bearer: token.bearer };
  }

  /** The job-scoped credentials there are, by job. */
  jobScoped(): Map<string, TokenRecord[]> {
    const byJob = new Map<string, TokenRecord[]>();
    for (const r of this.byId.values()) {
      if (r.jobId === undefined) continue;
      const list = byJob.get(r.jobId);
      if (list) list.push(r);
      else byJob.set(r.jobId, [r]);
    }
    return byJob;
  }

  /** Revokes every credential scoped to the job; how many there were. */
  async revokeForJob(jobId: string): Promise<number> {
    const scoped = this.jobScoped().get(jobId) ?? [];
    for (const r of scoped) await this.revoke(r.id).catch((err) => { if (!(err instanceof TroupeError && err.code === 'NOT_FOUND')) throw err; });
    return scoped.length;
  }

  async revoke(id: string): Promise<TokenRecord> {
    const record = this.byId.get(id);
    if (!record) throw new TroupeError('NOT_FOUND', `token '${id}' does not exist`);
    await this.kv.purge(id).catch((err) => { throw unavailable(err); });
    this.byId.delete(id);
    return record;
  }

  /** The coordinator's admin token, from a file of its own: the file's token is made valid
   *  (an admin token) when the store does not have it, and a new one is written to the file
   *  (mode 0600) when there is no file. How the first admin gets in. */
  async ensureBootstrap(file: string, log: Logger): Promise<void> {
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw new Error(`--admin-token-file ${file}: ${err.message}`);
    });
    if (text === undefined) {
      const { record, bearer } = await this.create(BOOTSTRAP_NAME, 'admin', 'bootstrap');
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, `${bearer}\n`, { mode: 0o600, flag: 'wx' });
      log.info('admin token created', { tokenId: record.id, file });
      return;
    }
    const parsed = parseBearer(text);
    if (!parsed) throw new Error(`--admin-token-file ${file}: not a troupe token (troupe_<id>_<secret>)`);
    const known = this.byId.get(parsed.id);
    if (known) {
      if (!secretMatches(known, parsed.secret)) throw new Error(`--admin-token-file ${file}: token '${parsed.id}' is known with another secret`);
      if (known.role !== 'admin') throw new Error(`--admin-token-file ${file}: token '${parsed.id}' is a ${known.role} token, not an admin token`);
      return;
    }
    await this.store({ id: parsed.id, name: BOOTSTRAP_NAME, role: 'admin', secretHash: hashSecret(parsed.secret), creationTime: nowIso(), createdBy: 'bootstrap' });
    log.info('admin token from file registered', { tokenId: parsed.id, file });
  }

  private async store(record: TokenRecord): Promise<void> {
    // create(): never overwrites (two ids drawn alike would fail, not merge).
    await this.kv.create(record.id, encode(record)).catch((err) => { throw unavailable(err); });
    this.byId.set(record.id, record);
  }
}

function unavailable(err: unknown): TroupeError {
  return new TroupeError('UNAVAILABLE', `state store unavailable: ${(err as Error)?.message ?? err}`, { cause: err });
}
