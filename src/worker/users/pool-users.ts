// The pool's user accounts and admin permission, as this worker needs them to resolve its tasks'
// identities: read once from the pool's record (pools do not change after creation).
import type { NatsConnection } from '@nats-io/transport-node';
import type { PoolUsers } from '../../protocol/records/user-records.ts';
import { readPoolRecord } from '../pool-record.ts';

/** A loader that reads the pool once it exists and keeps what it read. */
export function poolUsersLoader(nc: NatsConnection, poolId: string): () => Promise<PoolUsers> {
  let loaded: PoolUsers | undefined;
  return async () => {
    if (loaded) return loaded;
    const pool = await readPoolRecord(nc, poolId);
    if (!pool) throw new Error(`pool '${poolId}' does not exist`);
    loaded = { userAccounts: pool.userAccounts ?? [], allowAdminTasks: pool.allowAdminTasks ?? false };
    return loaded;
  };
}
