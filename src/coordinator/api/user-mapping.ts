// User records -> the API's messages (userIdentity, userAccounts).
import type { UserAccount } from '../../protocol/generated/troupe/v1/UserAccount.ts';
import type { UserIdentity } from '../../protocol/generated/troupe/v1/UserIdentity.ts';
import type { UserAccountRecord, UserIdentityRecord } from '../../protocol/records/user-records.ts';

/** As given; null when the task gave none (the default applies: auto-user, pool, nonadmin). */
export function userIdentityToApi(u: UserIdentityRecord | undefined): UserIdentity | null {
  if (!u) return null;
  if (u.userName !== undefined) return { userName: u.userName, autoUser: null };
  return { userName: '', autoUser: { scope: u.autoUser.scope, elevationLevel: u.autoUser.elevationLevel } };
}

export function userAccountsToApi(accounts: UserAccountRecord[] | undefined): UserAccount[] {
  return (accounts ?? []).map((a) => ({
    name: a.name, elevationLevel: a.elevationLevel, linuxUserConfiguration: { uid: a.uid, gid: a.gid },
  }));
}
