// userIdentity and userAccounts in the CLI's JSON form (json-form.ts), and userIdentity read back
// from a task file (task-file.ts).
import type { UserAccount__Output } from '../../protocol/generated/troupe/v1/UserAccount.ts';
import type { UserIdentity, UserIdentity__Output } from '../../protocol/generated/troupe/v1/UserIdentity.ts';
import { InputFileError } from '../cli-errors.ts';
import { text } from './json-values.ts';

export interface UserIdentityJson {
  userName: string | null;
  autoUser: { scope: string | null; elevationLevel: string | null } | null;
}

export interface UserAccountJson {
  name: string;
  elevationLevel: string | null;
  linuxUserConfiguration: { uid: number | null; gid: number | null };
}

/** null when the task gave none (the default: auto-user, pool scope, nonadmin). */
export function userIdentityJson(u: UserIdentity__Output | null | undefined): UserIdentityJson | null {
  if (!u) return null;
  return {
    userName: text(u.userName),
    autoUser: u.autoUser ? { scope: text(u.autoUser.scope), elevationLevel: text(u.autoUser.elevationLevel) } : null,
  };
}

export function userAccountsJson(accounts: readonly UserAccount__Output[] | null | undefined): UserAccountJson[] {
  return (accounts ?? []).map((a) => ({
    name: a.name,
    elevationLevel: text(a.elevationLevel),
    linuxUserConfiguration: { uid: a.linuxUserConfiguration?.uid ?? null, gid: a.linuxUserConfiguration?.gid ?? null },
  }));
}

/** A task file's "userIdentity": {userName} or {autoUser: {scope, elevationLevel}} (null = none). */
export function userIdentityFromJson(value: unknown, fail: (message: string) => InputFileError): UserIdentity | undefined {
  if (value === undefined || value === null) return undefined;
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const str = (v: unknown, field: string): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw fail(`'${field}' must be a string`);
    return v;
  };
  if (!obj(value)) throw fail(`'userIdentity' must be an object`);
  for (const key of Object.keys(value)) if (key !== 'userName' && key !== 'autoUser') throw fail(`unknown field 'userIdentity.${key}'`);
  const identity: UserIdentity = {};
  const userName = str(value.userName, 'userIdentity.userName');
  if (userName !== undefined) identity.userName = userName;
  if (value.autoUser !== undefined && value.autoUser !== null) {
    const auto = value.autoUser;
    if (!obj(auto)) throw fail(`'userIdentity.autoUser' must be an object`);
    for (const key of Object.keys(auto)) if (key !== 'scope' && key !== 'elevationLevel') throw fail(`unknown field 'userIdentity.autoUser.${key}'`);
    identity.autoUser = { scope: str(auto.scope, 'userIdentity.autoUser.scope') ?? '', elevationLevel: str(auto.elevationLevel, 'userIdentity.autoUser.elevationLevel') ?? '' };
  }
  return identity;
}
