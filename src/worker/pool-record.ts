// The worker's read of its pool's record (start task, application packages, user accounts):
// undefined while the pool does not exist (yet).
import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { decode } from '../protocol/nats/codec.ts';
import { BUCKET_POOLS } from '../protocol/nats/subjects.ts';
import type { PoolRecord } from '../protocol/records/records.ts';

export async function readPoolRecord(nc: NatsConnection, poolId: string): Promise<PoolRecord | undefined> {
  const kv = await new Kvm(nc).open(BUCKET_POOLS);
  const entry = await kv.get(poolId);
  return entry && entry.operation === 'PUT' && entry.value.length > 0 ? decode<PoolRecord>(entry.value) : undefined;
}
