// Validation of who tasks run as: a task's (or node task's) userIdentity and a pool's
// userAccounts and allowAdminTasks (records/user-records.ts). Two steps:
//   - the shape of the request alone (validateUserIdentity, validateUserAccounts):
//     INVALID_ARGUMENT naming the field ("task.userIdentity.autoUser.scope");
//   - an identity against the pool it will run on (checkIdentityOnPool): a userName must name
//     one of the pool's accounts (INVALID_ARGUMENT), and admin elevation needs a pool that allows
//     it (FAILED_PRECONDITION naming the field and the pool): a submitter cannot escalate on a
//     pool whose administrator did not allow it.
import { FailedPreconditionError, InvalidArgumentError, type TroupeError } from '../../protocol/errors.ts';
import {
  AUTO_USER_SCOPES, ELEVATION_LEVELS, isAdminIdentity, type AutoUserScope, type ElevationLevel,
  type PoolUsers, type UserAccountRecord, type UserIdentityRecord,
} from '../../protocol/records/user-records.ts';

export const MAX_USER_ACCOUNTS = 100;
const ACCOUNT_NAME = /^[A-Za-z0-9_-]{1,32}$/;
const MAX_ID = 2 ** 31 - 1;

type Untyped = Record<string, unknown>;

function message(value: unknown, field: string): Untyped | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidArgumentError(field, 'must be an object');
  return value as Untyped;
}

function text(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new InvalidArgumentError(field, 'must be a string');
  return value;
}

function choice<T extends string>(value: unknown, field: string, allowed: readonly T[], dflt: T): T {
  const s = text(value, field);
  if (s === '') return dflt;
  if (!(allowed as readonly string[]).includes(s)) throw new InvalidArgumentError(field, `must be ${allowed.map((a) => `'${a}'`).join(' or ')}`);
  return s as T;
}

function accountName(value: unknown, field: string): string {
  const s = text(value, field);
  if (!ACCOUNT_NAME.test(s)) throw new InvalidArgumentError(field, "must be 1-32 characters of letters, digits, '-' and '_'");
  return s;
}

function id(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_ID) {
    // 0 is root's: a task runs as root only through admin elevation, which the pool must allow.
    throw new InvalidArgumentError(field, `must be an integer from 1 to ${MAX_ID} (0, root, is what admin elevation is for)`);
  }
  return value;
}

/** A userIdentity as given; undefined when absent (the default applies: DEFAULT_USER_IDENTITY). */
export function validateUserIdentity(value: unknown, field: string): UserIdentityRecord | undefined {
  const m = message(value, field);
  if (!m) return undefined;
  const userName = text(m.userName, `${field}.userName`);
  const auto = message(m.autoUser, `${field}.autoUser`);
  if (userName !== '' && auto) throw new InvalidArgumentError(field, 'must give userName or autoUser, not both');
  if (userName !== '') return { userName: accountName(userName, `${field}.userName`) };
  const scope = choice<AutoUserScope>(auto?.scope, `${field}.autoUser.scope`, AUTO_USER_SCOPES, 'pool');
  const elevationLevel = choice<ElevationLevel>(auto?.elevationLevel, `${field}.autoUser.elevationLevel`, ELEVATION_LEVELS, 'nonadmin');
  return { autoUser: { scope, elevationLevel } };
}

/** A pool's userAccounts: names unique, uid/gid 1..2^31-1, no password or key (none exists). */
export function validateUserAccounts(value: unknown, field = 'pool.userAccounts'): UserAccountRecord[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InvalidArgumentError(field, 'must be a list');
  if (value.length > MAX_USER_ACCOUNTS) throw new InvalidArgumentError(field, `must have at most ${MAX_USER_ACCOUNTS} accounts`);
  const seen = new Set<string>();
  return Array.from(value as unknown[]).map((entry, i) => {
    const f = `${field}[${i}]`;
    const a = message(entry, f);
    if (!a) throw new InvalidArgumentError(f, 'must not be null');
    const name = accountName(a.name, `${f}.name`);
    if (seen.has(name)) throw new InvalidArgumentError(`${f}.name`, `must be unique in the pool ('${name}' is given twice)`);
    seen.add(name);
    const elevationLevel = choice<ElevationLevel>(a.elevationLevel, `${f}.elevationLevel`, ELEVATION_LEVELS, 'nonadmin');
    const linux = message(a.linuxUserConfiguration, `${f}.linuxUserConfiguration`);
    if (!linux) throw new InvalidArgumentError(`${f}.linuxUserConfiguration`, 'is required (the uid and gid the account runs as)');
    return { name, elevationLevel, uid: id(linux.uid, `${f}.linuxUserConfiguration.uid`), gid: id(linux.gid, `${f}.linuxUserConfiguration.gid`) };
  });
}

/** The pool's user fields of a CreatePool request, ready to spread into its record. */
export function validatePoolUsers(pool: Untyped | null | undefined): Partial<PoolUsers> {
  const userAccounts = validateUserAccounts(pool?.userAccounts);
  const allow = pool?.allowAdminTasks ?? false;
  if (typeof allow !== 'boolean') throw new InvalidArgumentError('pool.allowAdminTasks', 'must be true or false');
  return { ...(userAccounts.length ? { userAccounts } : {}), ...(allow ? { allowAdminTasks: true } : {}) };
}

/** Whether `identity` (at `field`) may run on pool `poolId`; the error to refuse it with, if not. */
export function checkIdentityOnPool(
  identity: UserIdentityRecord | undefined, poolId: string, pool: Partial<PoolUsers> | undefined, field: string,
): TroupeError | undefined {
  if (!identity) return undefined;
  const accounts = pool?.userAccounts ?? [];
  if (identity.userName !== undefined && !accounts.some((a) => a.name === identity.userName)) {
    const names = accounts.length ? `: ${accounts.map((a) => a.name).join(', ')}` : ' (it has none)';
    return new InvalidArgumentError(`${field}.userName`, `must name one of pool '${poolId}''s userAccounts${names}`);
  }
  if (isAdminIdentity(identity, accounts) && !pool?.allowAdminTasks) {
    const what = identity.autoUser ? `${field}.autoUser.elevationLevel 'admin'` : `${field}.userName '${identity.userName}' (an admin account)`;
    return new FailedPreconditionError(`${what}: pool '${poolId}' does not allow admin tasks (an administrator creates the pool with allowAdminTasks)`);
  }
  return undefined;
}
