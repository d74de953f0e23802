// Validation of who tasks run as (user-validation.ts), without a cluster: identities, accounts,
// and an identity against its pool.
import test from 'ava';
import { checkIdentityOnPool, validatePoolUsers, validateUserAccounts, validateUserIdentity } from '../../src/coordinator/validation/user-validation.ts';
import { FailedPreconditionError, InvalidArgumentError } from '../../src/protocol/errors.ts';
import { rejects } from '../helpers/validation-requests.ts';

test('an absent identity is the default; an empty one is an auto-user of pool scope, nonadmin', (t) => {
  t.is(validateUserIdentity(null, 'task.userIdentity'), undefined);
  t.deepEqual(validateUserIdentity({ userName: '', autoUser: null }, 'task.userIdentity'), { autoUser: { scope: 'pool', elevationLevel: 'nonadmin' } });
  t.deepEqual(validateUserIdentity({ autoUser: { scope: 'task', elevationLevel: 'admin' } }, 'f'), { autoUser: { scope: 'task', elevationLevel: 'admin' } });
  t.deepEqual(validateUserIdentity({ userName: 'alice' }, 'f'), { userName: 'alice' });
});

test('identity shapes are refused naming the field', (t) => {
  rejects(t, () => validateUserIdentity({ autoUser: { scope: 'pod' } }, 'tasks[3].userIdentity'), 'tasks[3].userIdentity.autoUser.scope', "must be 'pool' or 'task'");
  rejects(t, () => validateUserIdentity({ userName: 'a', autoUser: {} }, 'task.userIdentity'), 'task.userIdentity', 'must give userName or autoUser, not both');
  rejects(t, () => validateUserIdentity('alice', 'task.userIdentity'), 'task.userIdentity', 'must be an object');
  rejects(t, () => validateUserIdentity({ userName: 7 }, 'task.userIdentity'), 'task.userIdentity.userName', 'must be a string');
});

test('accounts: unique names, uid and gid from 1, defaults filled in', (t) => {
  t.deepEqual(validateUserAccounts([{ name: 'a', linuxUserConfiguration: { uid: 5, gid: 6 } }]), [{ name: 'a', elevationLevel: 'nonadmin', uid: 5, gid: 6 }]);
  t.deepEqual(validateUserAccounts(undefined), []);
  rejects(t, () => validateUserAccounts([null]), 'pool.userAccounts[0]', 'must not be null');
  rejects(t, () => validateUserAccounts([{ name: 'a', linuxUserConfiguration: { uid: 2 ** 31, gid: 1 } }]), 'pool.userAccounts[0].linuxUserConfiguration.uid', /^must be an integer from 1 to 2147483647/);
  rejects(t, () => validateUserAccounts({}), 'pool.userAccounts', 'must be a list');
  rejects(t, () => validatePoolUsers({ allowAdminTasks: 'yes' }), 'pool.allowAdminTasks', 'must be true or false');
  t.deepEqual(validatePoolUsers({ allowAdminTasks: false, userAccounts: [] }), {});
});

test('an identity against its pool: the account must exist; admin only where allowed', (t) => {
  const pool = { userAccounts: [{ name: 'a', elevationLevel: 'nonadmin' as const, uid: 5, gid: 5 }, { name: 'root-ish', elevationLevel: 'admin' as const, uid: 6, gid: 6 }] };
  t.is(checkIdentityOnPool(undefined, 'p', pool, 'task.userIdentity'), undefined);
  t.is(checkIdentityOnPool({ userName: 'a' }, 'p', pool, 'task.userIdentity'), undefined);
  const missing = checkIdentityOnPool({ userName: 'b' }, 'p', pool, 'task.userIdentity');
  t.true(missing instanceof InvalidArgumentError);
  t.is(missing!.message, "task.userIdentity.userName must name one of pool 'p''s userAccounts: a, root-ish");
  const admin = checkIdentityOnPool({ userName: 'root-ish' }, 'p', pool, 'task.userIdentity');
  t.true(admin instanceof FailedPreconditionError);
  t.regex(admin!.message, /root-ish.*pool 'p' does not allow admin tasks/);
  t.is(checkIdentityOnPool({ userName: 'root-ish' }, 'p', { ...pool, allowAdminTasks: true }, 'task.userIdentity'), undefined);
  t.is(checkIdentityOnPool({ autoUser: { scope: 'task', elevationLevel: 'admin' } }, 'p', { allowAdminTasks: true }, 'f'), undefined);
  t.true(checkIdentityOnPool({ autoUser: { scope: 'task', elevationLevel: 'admin' } }, 'p', undefined, 'f') instanceof FailedPreconditionError);
});
