// Who a task's processes run as (Azure Batch's userIdentity and the pool's userAccounts), as
// validated and stored. The worker turns an identity into a uid/gid (worker/users/).
export type ElevationLevel = 'nonadmin' | 'admin';
export type AutoUserScope = 'pool' | 'task';

export const ELEVATION_LEVELS: readonly ElevationLevel[] = ['nonadmin', 'admin'];
export const AUTO_USER_SCOPES: readonly AutoUserScope[] = ['pool', 'task'];

export type UserIdentityRecord =
  /** One of the pool's user accounts. */
  | { userName: string; autoUser?: undefined }
  /** A user the node makes for the pool (scope pool) or for this task alone (scope task). */
  | { userName?: undefined; autoUser: { scope: AutoUserScope; elevationLevel: ElevationLevel } };

/** Azure Batch's default when a task gives no userIdentity. */
export const DEFAULT_USER_IDENTITY: UserIdentityRecord = { autoUser: { scope: 'pool', elevationLevel: 'nonadmin' } };

export interface UserAccountRecord {
  name: string;
  elevationLevel: ElevationLevel;
  uid: number;
  gid: number;
}

/** What a node needs to resolve identities: the pool's accounts and whether admin is allowed. */
export interface PoolUsers {
  userAccounts: UserAccountRecord[];
  allowAdminTasks: boolean;
}

/** Whether running as `identity` on a pool with these accounts means running as root. */
export function isAdminIdentity(identity: UserIdentityRecord, accounts: readonly UserAccountRecord[]): boolean {
  if (identity.autoUser) return identity.autoUser.elevationLevel === 'admin';
  return accounts.find((a) => a.name === identity.userName)?.elevationLevel === 'admin';
}

/** How a node runs tasks' users: as asked (its worker runs as root) or all as the worker's user. */
export type TaskUserIsolation = 'per-task-user' | 'worker-user';
