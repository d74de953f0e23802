// Every JetStream resource troupe keeps, and who creates it: the coordinator, only.
//
// On a NATS cluster each bucket and stream has a replica count, fixed when it is created. If
// workers created what they use (as they did before clustering), the first process to start
// would choose it: a worker would make a one-replica report stream in a cluster meant to keep
// three. So a coordinator creates every resource at start with its `--replicas` (before it leads
// or waits as a standby: the lease bucket is one of them), and scales up any it finds with fewer;
// workers only open what exists, waiting (and saying so in their log) until a coordinator has
// created it. Nothing else in troupe creates a stream.
// (Consumers are not listed: a durable one follows its stream's replica count, and the ephemeral
// ones of watches and reads are recreated by the client when their server goes.)
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, StorageType, type JetStreamManager, type StreamInfo } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { Objm } from '@nats-io/obj';
import type { Logger } from '../log.ts';
import { FailedPreconditionError } from '../errors.ts';
import { reportStreamConfig } from './report-stream.ts';
import {
  BUCKET_APPLICATIONS, BUCKET_COORDINATOR, BUCKET_FILES, BUCKET_JOB_NODE_TASKS, BUCKET_JOB_SCHEDULES, BUCKET_JOBS, BUCKET_NODES, BUCKET_POOLS, BUCKET_TASKS, BUCKET_TOKENS,
  STREAM_REPORTS,
} from './subjects.ts';

/** KV buckets: one value per key (history 1), revision-checked writes. */
export const KV_BUCKETS: readonly string[] = [BUCKET_COORDINATOR, BUCKET_POOLS, BUCKET_JOBS, BUCKET_TASKS, BUCKET_NODES, BUCKET_JOB_NODE_TASKS, BUCKET_TOKENS, BUCKET_JOB_SCHEDULES];
/** Object stores: the file store and the application packages. */
export const OBJECT_STORES: readonly string[] = [BUCKET_FILES, BUCKET_APPLICATIONS];
export const kvStreamName = (bucket: string) => `KV_${bucket}`;
export const objectStoreStreamName = (bucket: string) => `OBJ_${bucket}`;
/** Every stream troupe keeps, by its JetStream name. */
export const TROUPE_STREAMS: readonly string[] = [...KV_BUCKETS.map(kvStreamName), STREAM_REPORTS, ...OBJECT_STORES.map(objectStoreStreamName)];

/** JetStream's error codes met here. */
const STREAM_NOT_FOUND = 10059;
const REPLICAS_NEED_CLUSTER = 10074;
const RETRY_LOG_EVERY_MS = 5000;

/** A KV bucket that is already there (bound with its own config: direct gets if it allows them,
 *  unless `directGets` is false: a worker's NATS user may not ask for them, nats-permissions.ts). */
export async function openKv(nc: NatsConnection, bucket: string, opts: { directGets?: boolean } = {}): Promise<KV> {
  const jsm = await jetstreamManager(nc);
  if (!(await streamInfo(jsm, kvStreamName(bucket)))) {
    throw new FailedPreconditionError(`KV bucket '${bucket}' does not exist: a troupe coordinator creates it at start`);
  }
  // On an existing bucket create() only opens it (and reads its config, which open() skips).
  return new Kvm(nc).create(bucket, opts.directGets === false ? { allow_direct: false } : {});
}

/**
 * A coordinator, at start: creates every resource that is missing with `replicas` replicas and
 * scales up to `replicas` any that has fewer. Retries while JetStream cannot answer (a
 * cluster electing leaders, a member down); fails at once when `replicas` cannot work here.
 */
export async function createJetStreamResources(nc: NatsConnection, replicas: number, log: Logger, signal?: AbortSignal): Promise<void> {
  await retrying('JetStream buckets and streams not created yet (JetStream unavailable or electing leaders?), retrying', log, async () => {
    const jsm = await jetstreamManager(nc);
    const kvm = new Kvm(nc);
    const objm = new Objm(nc);
    try {
      for (const bucket of KV_BUCKETS) await kvm.create(bucket, { history: 1, replicas });
      if (!(await streamInfo(jsm, STREAM_REPORTS))) await addStream(jsm, reportStreamConfig(replicas));
      for (const bucket of OBJECT_STORES) await objm.create(bucket, { storage: StorageType.File, replicas });
    } catch (err) {
      if ((err as { code?: number }).code === REPLICAS_NEED_CLUSTER) {
        throw new FailedPreconditionError(`--replicas ${replicas}: ${(err as Error).message} (a single nats-server keeps 1 replica; run a NATS cluster of at least ${replicas} servers)`);
      }
      throw err;
    }
    // Up, never down: a coordinator started without --replicas (1) must not strip a cluster's
    // copies; an operator who wants fewer says so to NATS itself (`nats stream edit`).
    const more: string[] = [];
    for (const name of TROUPE_STREAMS) {
      const had = (await streamInfo(jsm, name))!.config.num_replicas;
      if (had < replicas) {
        log.warn('JetStream stream has fewer replicas than --replicas: scaling it up', { stream: name, from: had, to: replicas });
        await jsm.streams.update(name, { num_replicas: replicas });
      } else if (had > replicas) {
        more.push(`${name} (${had})`);
      }
    }
    if (more.length > 0) log.warn('JetStream streams keep more replicas than --replicas: troupe never scales down', { replicas, streams: more });
  }, (err) => err instanceof FailedPreconditionError, signal);
  log.info('JetStream buckets and streams ready', { replicas, streams: TROUPE_STREAMS.length });
}

/** A worker: waits until every resource exists (a coordinator creates them), logging what it
 *  waits for every few seconds. `signal` gives up (rejecting with its reason). */
export async function awaitJetStreamResources(nc: NatsConnection, log: Logger, signal?: AbortSignal): Promise<void> {
  await retrying('waiting for a troupe coordinator to create the JetStream buckets and streams', log, async () => {
    const jsm = await jetstreamManager(nc);
    const missing: string[] = [];
    for (const name of TROUPE_STREAMS) if (!(await streamInfo(jsm, name))) missing.push(name);
    if (missing.length > 0) throw new Error(`not created yet: ${missing.join(', ')}`);
  }, undefined, signal);
}

/** The stream's info; undefined when it does not exist (any other failure throws). */
async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (err) {
    if ((err as { code?: number }).code === STREAM_NOT_FOUND) return undefined;
    throw err;
  }
}

async function addStream(jsm: JetStreamManager, config: Parameters<JetStreamManager['streams']['add']>[0]): Promise<void> {
  try {
    await jsm.streams.add(config);
  } catch (err) {
    // Another coordinator created it between our look and our add.
    if (!/already in use|exists/i.test((err as Error).message)) throw err;
  }
}

/** Runs `attempt` until it succeeds, fails with an error `fatal` accepts, or `signal` aborts;
 *  logs `message` (with the last error) at most every few seconds meanwhile. */
async function retrying(message: string, log: Logger, attempt: () => Promise<void>, fatal: (err: unknown) => boolean = () => false, signal?: AbortSignal): Promise<void> {
  let loggedAt = 0;
  for (let n = 0; ; n++) {
    signal?.throwIfAborted();
    try {
      await attempt();
      if (loggedAt) log.info('JetStream buckets and streams: done waiting');
      return;
    } catch (err) {
      if (fatal(err)) throw err;
      if (Date.now() - loggedAt >= RETRY_LOG_EVERY_MS) {
        log.warn(message, { err });
        loggedAt = Date.now();
      }
      await sleep(Math.min(1000, 100 * 2 ** Math.min(n, 4)), signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
