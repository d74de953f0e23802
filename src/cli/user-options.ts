// The CLI's flags for who tasks run as: `task add --user NAME | --auto-user-scope task|pool
// --elevation admin|nonadmin`, and `pool create --user-account name:uid:gid[:admin]...
// --allow-admin-tasks`. Shapes only: the server owns the rules (names, ranges, the pool's say).
import type { CommandArgs, OptionSpecs } from './args.ts';
import type { UserAccount } from '../protocol/generated/troupe/v1/UserAccount.ts';
import type { UserIdentity } from '../protocol/generated/troupe/v1/UserIdentity.ts';

export const USER_IDENTITY_OPTIONS = {
  user: { type: 'string', value: 'NAME', help: "run as the pool's user account NAME" },
  'auto-user-scope': { type: 'string', value: 'SCOPE', help: 'run as an auto-user: pool (default; shared by the pool\'s tasks on a node) or task (its own)' },
  elevation: { type: 'string', value: 'LEVEL', help: "auto-user elevation: nonadmin (default) or admin (root; the pool must allow admin tasks)" },
} as const satisfies OptionSpecs;

export const USER_ACCOUNT_OPTIONS = {
  'user-account': { type: 'string', value: 'NAME:UID:GID[:admin]', multiple: true, help: 'a named account tasks may run as (--user NAME)' },
  'allow-admin-tasks': { type: 'boolean', help: 'let tasks ask for admin elevation (run as root)' },
} as const satisfies OptionSpecs;

/** The task's userIdentity from the flags; null when none was given (the server's default). */
export function userIdentityOf(a: CommandArgs): UserIdentity | null {
  const user = a.string('user');
  const scope = a.choice('auto-user-scope', ['pool', 'task'] as const);
  const elevation = a.choice('elevation', ['nonadmin', 'admin'] as const);
  if (user !== undefined && (scope !== undefined || elevation !== undefined)) {
    throw a.usageError('--user names an account: it does not go with --auto-user-scope or --elevation');
  }
  if (user !== undefined) return { userName: user };
  if (scope === undefined && elevation === undefined) return null;
  return { autoUser: { scope: scope ?? 'pool', elevationLevel: elevation ?? 'nonadmin' } };
}

/** --user-account name:uid:gid[:admin], repeatable. */
export function userAccountsOf(a: CommandArgs): UserAccount[] {
  return a.list('user-account').map((text) => {
    const m = /^([^:]+):(\d+):(\d+)(?::(admin|nonadmin))?$/.exec(text);
    if (!m) throw a.usageError(`--user-account expects NAME:UID:GID or NAME:UID:GID:admin, got '${text}'`);
    return { name: m[1], elevationLevel: m[4] ?? 'nonadmin', linuxUserConfiguration: { uid: Number(m[2]), gid: Number(m[3]) } };
  });
}
