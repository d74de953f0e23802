// The pool's user accounts and admin permission, as this worker needs them to resolve its tasks'
// identities: read once from the pool's record (pools do not change after creation).
import type { NatsConnection } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { decode } from '../../protocol/nats/codec.ts';
import { BUCKET_POOLS } from '../../protocol/nats/subjects.ts';
import type { PoolRecord } from '../../protocol/records/records.ts';
import type { PoolUsers } from '../../protocol/records/user-records.ts';

/** A loader that reads the pool once it exists and keeps what it read. */
export function poolUsersLoader(nc: NatsConnection, poolId: string): () => Promise<PoolUsers> {
  let loaded: PoolUsers | undefined;
  return async () => {
    if (loaded) return loaded;
    const kv = await new Kvm(nc).open(BUCKET_POOLS);
    const entry = await kv.get(poolId);
    if (!entry || entry.operation !== 'PUT' || entry.value.length === 0) throw new Error(`pool '${poolId}' does not exist`);
    const pool = decode<PoolRecord>(entry.value);
    loaded = { userAccounts: pool.userAccounts ?? [], allowAdminTasks: pool.allowAdminTasks ?? false };
    return loaded;
  };
}
