// Who each task process on this node runs as (Azure Batch's userIdentity), when the worker runs
// as root; a worker that does not runs every task as its own user, whatever it asks
// (isolation 'worker-user', shown on the node).
//
//   admin elevation (auto-user or an admin account)  uid 0, gid 0
//   a named account of the pool                      its uid and gid
//   auto-user, pool scope, nonadmin (the default)    one uid for the pool on this machine (shared
//                                                    by its workers here, see uid-claims.ts)
//   auto-user, task scope, nonadmin                  a uid of its own for the task's lifetime,
//                                                    given back when it ends (after its directory
//                                                    is taken back: task-dirs.ts)
// Auto-user uids come from the operator's range (--task-uid-range), claimed machine-wide
// (uid-claims.ts); gid = uid; supplementary groups are cleared by the launcher.
import type { Logger } from '../../protocol/log.ts';
import {
  DEFAULT_USER_IDENTITY, isAdminIdentity, type PoolUsers, type TaskUserIsolation, type UserIdentityRecord,
} from '../../protocol/records/user-records.ts';
import type { TaskProcessUser } from '../process/process-launch.ts';
import { UidClaims, type UidRange } from './uid-claims.ts';

/** One task's user, from acquire to release. */
export interface TaskUserLease {
  /** Absent: the worker's own user (it does not run as root). */
  readonly user?: TaskProcessUser;
  /** A name for the environment (USER, LOGNAME): the account's, else troupe-<uid>. */
  readonly name?: string;
  /** A task-scope user: its uid goes back to the range at release (the caller first takes the
   *  task's directory back). */
  readonly taskScope: boolean;
  /** Safe to call twice. */
  release(): Promise<void>;
}

export interface TaskUsersOptions {
  /** Whether this worker can run tasks as other users (it runs as root). */
  isolation: TaskUserIsolation;
  range: UidRange;
  claimsDir: string;
  poolId: string;
  /** The pool's accounts (read from its record once). */
  poolUsers(): Promise<PoolUsers>;
  log: Logger;
}

const WORKER_USER: TaskUserLease = { taskScope: false, release: async () => {} };

export class TaskUsers {
  private readonly claims: UidClaims;
  private poolUid?: Promise<number>;

  constructor(private readonly opts: TaskUsersOptions) {
    this.claims = new UidClaims(opts.claimsDir, opts.range);
  }

  get isolation(): TaskUserIsolation {
    return this.opts.isolation;
  }

  /** The user `identity` (absent: the default) runs as on this node. Throws when it cannot be
   *  resolved (an account the pool does not have, admin on a pool that does not allow it: both
   *  refused by the coordinator already, so only a pool changed behind its back gets here). */
  async acquire(identity: UserIdentityRecord | undefined): Promise<TaskUserLease> {
    if (this.opts.isolation === 'worker-user') return WORKER_USER;
    const id = identity ?? DEFAULT_USER_IDENTITY;
    const pool = await this.opts.poolUsers();
    if (isAdminIdentity(id, pool.userAccounts)) {
      if (!pool.allowAdminTasks) throw new Error('the pool does not allow admin tasks');
      return { user: { uid: 0, gid: 0 }, name: 'root', taskScope: false, release: async () => {} };
    }
    if (id.userName !== undefined) {
      const account = pool.userAccounts.find((a) => a.name === id.userName);
      if (!account) throw new Error(`the pool has no user account '${id.userName}'`);
      return { user: { uid: account.uid, gid: account.gid }, name: account.name, taskScope: false, release: async () => {} };
    }
    const avoid = new Set(pool.userAccounts.map((a) => a.uid));
    if (id.autoUser.scope === 'pool') {
      this.poolUid ??= this.claims.claimPoolUid(this.opts.poolId, avoid);
      this.poolUid.catch(() => { this.poolUid = undefined; });
      const uid = await this.poolUid;
      return { user: { uid, gid: uid }, name: `troupe-${uid}`, taskScope: false, release: async () => {} };
    }
    const uid = await this.claims.claim(avoid);
    let released = false;
    return {
      user: { uid, gid: uid }, name: `troupe-${uid}`, taskScope: true,
      release: async () => {
        if (released) return;
        released = true;
        await this.claims.release(uid);
      },
    };
  }

  /** Gives back every claimed uid (the worker stops; its tasks have ended). */
  async close(): Promise<void> {
    await this.claims.releaseAll();
  }
}

/** The environment a task running as `lease` gets on top of the worker's base environment: the
 *  worker's HOME (root's) is not its, so HOME is its task directory. */
export function userEnvironment(lease: TaskUserLease, taskDir: string): Record<string, string> {
  if (!lease.user || lease.user.uid === 0) return {};
  return { HOME: taskDir, USER: lease.name ?? `troupe-${lease.user.uid}`, LOGNAME: lease.name ?? `troupe-${lease.user.uid}` };
}
