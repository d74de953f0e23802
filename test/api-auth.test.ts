// The API's gate against a real coordinator: TLS, bearer tokens, roles, job ownership and the
// audit log. Calls without a token, with a wrong, a malformed or a revoked one; each role against
// each kind of call; a submitter kept to its own jobs; what the audit log says.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startCluster, TROUPE_BIN, type TestCluster } from './helpers/cluster.ts';
import { connectApi, type TroupeApi } from '../src/protocol/grpc/api-client.ts';
import { StorageApi } from '../src/storage/storage-client.ts';
import { LocalPki } from '../src/security/local-pki.ts';
import { startNatsServer } from '../src/cluster/nats-server.ts';
import { startCoordinator } from '../src/coordinator/coordinator-daemon.ts';
import { silentLogger } from '../src/protocol/log.ts';
import { newToken } from '../src/coordinator/auth/tokens.ts';

const { UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT, NOT_FOUND, UNAVAILABLE } = grpc.status;

let cluster: TestCluster;
const tokens: Record<'alice' | 'bob' | 'reader' | 'admin2', { id: string; secret: string }> = {} as never;
const clients: TroupeApi[] = [];
const as = (token: string): TroupeApi => {
  const api = cluster.connect(token);
  clients.push(api);
  return api;
};

test.before(async () => {
  cluster = await startCluster({ workers: 1, slots: 2 });
  for (const [name, role] of [['alice', 'submitter'], ['bob', 'submitter'], ['reader', 'reader'], ['admin2', 'admin']] as const) {
    const created = await cluster.api.CreateToken({ name, role });
    tokens[name] = { id: created.token!.id, secret: created.secret };
  }
});
test.after.always(async () => {
  for (const c of clients) c.close();
  await cluster?.stop();
});

async function refused(t: import('ava').ExecutionContext, call: Promise<unknown>, code: grpc.status, message: RegExp) {
  const err = (await t.throwsAsync(call)) as grpc.ServiceError;
  t.is(err.code, code, `${grpc.status[code]} expected, got ${grpc.status[err.code]}: ${err.details}`);
  t.regex(err.details, message);
}

test('a call without a token, with a wrong, a malformed or a revoked one is UNAUTHENTICATED', async (t) => {
  await refused(t, as('').ListPools({}), UNAUTHENTICATED, /no credentials: send a token/);
  const real = tokens.reader.secret;
  const wrongSecret = real.slice(0, -4) + (real.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  await refused(t, as(wrongSecret).ListPools({}), UNAUTHENTICATED, /not valid/);
  await refused(t, as('troupe_000000000000_' + 'x'.repeat(43)).ListPools({}), UNAUTHENTICATED, /not valid/);
  await refused(t, as('hunter2').ListPools({}), UNAUTHENTICATED, /not valid/);

  const temp = await cluster.api.CreateToken({ name: 'temp', role: 'reader' });
  const api = as(temp.secret);
  t.is((await api.WhoAmI({})).name, 'temp');
  await cluster.api.RevokeToken({ tokenId: temp.token!.id });
  await refused(t, api.ListPools({}), UNAUTHENTICATED, /not valid/);
  t.false((await cluster.api.ListTokens({})).tokens.some((x) => x.id === temp.token!.id), 'a revoked token is not listed');
  // Only hashes are kept: no listed field holds a secret.
  t.false(JSON.stringify(await cluster.api.ListTokens({})).includes(tokens.alice.secret.split('_')[2]!));
});

test('each role against each kind of call', async (t) => {
  const admin = cluster.api;
  const alice = as(tokens.alice.secret);
  const reader = as(tokens.reader.secret);
  await admin.CreateJob({ job: { id: 'admins-job', poolInfo: { poolId: 'testpool' } } });

  // Pools, nodes and tokens: admin only; reads for everyone.
  await refused(t, alice.CreatePool({ pool: { id: 'p-alice' } }), PERMISSION_DENIED, /CreatePool is not allowed for role 'submitter'/);
  await refused(t, reader.CreatePool({ pool: { id: 'p-reader' } }), PERMISSION_DENIED, /CreatePool is not allowed for role 'reader'/);
  await refused(t, alice.DisableNodeScheduling({ nodeId: 'node-1' }), PERMISSION_DENIED, /DisableNodeScheduling is not allowed for role 'submitter'/);
  await refused(t, alice.CreateToken({ name: 'mine', role: 'admin' }), PERMISSION_DENIED, /CreateToken is not allowed for role 'submitter'/);
  await refused(t, reader.ListTokens({}), PERMISSION_DENIED, /ListTokens is not allowed for role 'reader'/);
  await refused(t, reader.RevokeToken({ tokenId: tokens.alice.id }), PERMISSION_DENIED, /RevokeToken/);
  for (const api of [alice, reader]) {
    t.true((await api.ListPools({})).pools.some((p) => p.id === 'testpool'));
    t.is((await api.GetNode({ nodeId: 'node-1' })).id, 'node-1');
  }
  const admin2 = as(tokens.admin2.secret);
  await admin2.CreatePool({ pool: { id: 'p-admin2' } });
  await admin2.DeletePool({ poolId: 'p-admin2' });

  // Jobs and tasks: submitters and admins change them; readers only read (every job).
  await refused(t, reader.CreateJob({ job: { id: 'readers-job', poolInfo: { poolId: 'testpool' } } }), PERMISSION_DENIED, /CreateJob is not allowed for role 'reader'/);
  await refused(t, reader.AddTask({ jobId: 'admins-job', task: { id: 'x', commandArgs: ['/bin/true'] } }), PERMISSION_DENIED, /AddTask is not allowed for role 'reader'/);
  await refused(t, reader.TerminateJob({ jobId: 'admins-job' }), PERMISSION_DENIED, /TerminateJob/);
  t.is((await reader.GetJob({ jobId: 'admins-job' })).id, 'admins-job');
  t.true((await reader.ListJobs({})).jobs.some((j) => j.id === 'admins-job'));
  const job = await alice.CreateJob({ job: { id: 'alices-job', poolInfo: { poolId: 'testpool' } } });
  t.is(job.owner, 'alice', 'a job records who created it');
  await alice.AddTask({ jobId: 'alices-job', task: { id: 't1', commandArgs: ['/bin/echo', 'hi'] } });
  await cluster.until('alice\'s task done', async () => (await alice.GetTask({ jobId: 'alices-job', taskId: 't1' })).state === 'completed');
  t.is((await reader.GetTask({ jobId: 'alices-job', taskId: 't1' })).executionInfo!.exitCode, 0);

  // Node files show every task's directory: not for submitters.
  await refused(t, alice.ListNodeFiles({ nodeId: 'node-1', path: '' }), PERMISSION_DENIED, /ListNodeFiles is not allowed for role 'submitter'/);
  t.true((await reader.ListNodeFiles({ nodeId: 'node-1', path: '', recursive: false })).files.length > 0);

  // Storage: files for submitters, application packages for admins.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-auth-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'in.txt');
  await writeFile(file, 'data\n');
  const storageAs = (token: string) => new StorageApi(cluster.apiAddress, { ca: cluster.credentials.ca, token });
  const aliceStore = storageAs(tokens.alice.secret);
  const readerStore = storageAs(tokens.reader.secret);
  t.teardown(() => { aliceStore.close(); readerStore.close(); });
  await aliceStore.uploadFile(file, 'alice/in.txt');
  await refused(t, readerStore.uploadFile(file, 'reader/in.txt'), PERMISSION_DENIED, /UploadFile is not allowed for role 'reader'/);
  t.true((await readerStore.listAll('alice/')).some((f) => f.path === 'alice/in.txt'));
  await refused(t, aliceStore.uploadApplicationPackage(file, { applicationId: 'app', version: '1', format: 'zip' }), PERMISSION_DENIED, /UploadApplicationPackage is not allowed for role 'submitter'/);

  // WhoAmI: any role.
  t.deepEqual({ ...(await reader.WhoAmI({})), creationTime: '' }, { id: tokens.reader.id, name: 'reader', role: 'reader', creationTime: '', createdBy: 'admin', jobId: '' });
});

test('a submitter sees and touches only the jobs of its own name', async (t) => {
  const alice = as(tokens.alice.secret);
  const bob = as(tokens.bob.secret);
  await alice.CreateJob({ job: { id: 'alice-only', poolInfo: { poolId: 'testpool' } } });
  await bob.CreateJob({ job: { id: 'bob-only', poolInfo: { poolId: 'testpool' } } });
  const deny = /job 'alice-only' is not bob's/;
  await refused(t, bob.GetJob({ jobId: 'alice-only' }), PERMISSION_DENIED, deny);
  await refused(t, bob.AddTask({ jobId: 'alice-only', task: { id: 'evil', commandArgs: ['/bin/true'] } }), PERMISSION_DENIED, deny);
  await refused(t, bob.ListTasks({ jobId: 'alice-only' }), PERMISSION_DENIED, deny);
  await refused(t, bob.TerminateJob({ jobId: 'alice-only' }), PERMISSION_DENIED, deny);
  await refused(t, bob.DeleteJob({ jobId: 'alice-only' }), PERMISSION_DENIED, deny);
  await refused(t, bob.GetTaskCounts({ jobId: 'alice-only' }), PERMISSION_DENIED, deny);
  const bobsJobs = (await bob.ListJobs({})).jobs.map((j) => j.id);
  t.true(bobsJobs.includes('bob-only'));
  t.false(bobsJobs.includes('alice-only'), "another's job is not listed");
  t.false(bobsJobs.includes('admins-job'));
  t.is((await cluster.api.GetJob({ jobId: 'alice-only' })).owner, 'alice', 'admins see every job');
  // The same name on another token is the same owner.
  const alice2 = await cluster.api.CreateToken({ name: 'alice', role: 'submitter' });
  t.is((await as(alice2.secret).GetJob({ jobId: 'alice-only' })).id, 'alice-only');

  // Watch: one job of one's own.
  const watchError = (api: TroupeApi, request: object) => new Promise<grpc.ServiceError>((resolve, reject) => {
    const call = api.raw.Watch(request);
    call.on('data', () => {});
    call.on('error', (err: grpc.ServiceError) => resolve(err));
    call.on('end', () => reject(new Error('the watch ended without an error')));
  });
  const all = await watchError(bob, {});
  t.is(all.code, PERMISSION_DENIED);
  t.regex(all.details, /Watch of every job is not allowed for role 'submitter'/);
  t.is((await watchError(bob, { jobId: 'alice-only' })).code, PERMISSION_DENIED);
  // Waiting for a job id that then turns out to be someone else's job: refused when it appears.
  const waiting = watchError(bob, { jobId: 'later-alice', waitForJob: true });
  await new Promise((r) => setTimeout(r, 200)); // let the watch start first; the outcome does not depend on it
  await alice.CreateJob({ job: { id: 'later-alice', poolInfo: { poolId: 'testpool' } } });
  const late = await waiting;
  t.is(late.code, PERMISSION_DENIED);
  t.regex(late.details, /job 'later-alice' is not bob's/);
});

test('every state-changing call and every refused call leaves an audit line', async (t) => {
  const alice = as(tokens.alice.secret);
  await alice.CreateJob({ job: { id: 'audited', poolInfo: { poolId: 'testpool' } } });
  await t.throwsAsync(as(tokens.reader.secret).DeleteJob({ jobId: 'audited' }));
  await t.throwsAsync(as('').DeleteJob({ jobId: 'audited' }));
  const lines = () => cluster.coordinator.logs().split('\n').filter((l) => l.includes('"msg":"audit"')).map((l) => JSON.parse(l) as Record<string, unknown>);
  const entries = await cluster.until('the audit lines', async () => {
    const all = lines().filter((l) => l.target === 'job/audited');
    return all.length >= 3 ? all : undefined;
  });
  t.like(entries.find((e) => e.call === 'CreateJob'), { caller: 'alice', role: 'submitter', tokenId: tokens.alice.id, result: 'OK' });
  t.like(entries.find((e) => e.call === 'DeleteJob' && e.caller === 'reader'), { result: 'PERMISSION_DENIED' });
  t.like(entries.find((e) => e.call === 'DeleteJob' && e.caller === 'unauthenticated'), { result: 'UNAUTHENTICATED' });
  // Reads are not audited (refused ones are).
  await alice.GetJob({ jobId: 'audited' });
  t.false(lines().some((e) => e.call === 'GetJob' && e.target === 'job/audited'));
});

test('token calls refuse bad input', async (t) => {
  const api = cluster.api;
  await refused(t, api.CreateToken({ name: 'x', role: 'root' }), INVALID_ARGUMENT, /role must be one of admin, submitter, reader/);
  await refused(t, api.CreateToken({ name: '', role: 'reader' }), INVALID_ARGUMENT, /^name must be 1\.\.64 characters/);
  await refused(t, api.CreateToken({ name: 'a b', role: 'reader' }), INVALID_ARGUMENT, /^name must be/);
  await refused(t, api.RevokeToken({ tokenId: '../x' }), INVALID_ARGUMENT, /tokenId must be a token id/);
  await refused(t, api.RevokeToken({ tokenId: 'aaaaaaaaaaaa' }), NOT_FOUND, /token 'aaaaaaaaaaaa' does not exist/);
});

test('the API speaks TLS only, with a certificate its clients check', async (t) => {
  const plaintext = connectApi(`http://${cluster.apiAddress}`, { token: cluster.credentials.token });
  t.teardown(() => plaintext.close());
  await refused(t, plaintext.ListPools({}, { deadline: Date.now() + 20_000 }), UNAVAILABLE, /./);
  // A CA that did not sign the coordinator's certificate.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-other-ca-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const other = await LocalPki.open(dir);
  const stranger = connectApi(cluster.apiAddress, { token: cluster.credentials.token, ca: await readFile(other.caCert) });
  t.teardown(() => stranger.close());
  await refused(t, stranger.ListPools({}, { deadline: Date.now() + 20_000 }), UNAVAILABLE, /./);
});

test('the CLI: token create, whoami with the new token, revoke, and a clear error after', async (t) => {
  const run = (args: string[], env: Record<string, string> = cluster.cliEnv()) => new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(process.execPath, [TROUPE_BIN, ...args], { env: { ...process.env, ...env } }, (err, out, errOut) =>
      resolve({ code: err ? (err as { code?: number }).code ?? 1 : 0, out, err: errOut }));
  });
  const created = await run(['token', 'create', '--name', 'carol', '--role', 'submitter', '-o', 'json']);
  t.is(created.code, 0, created.err);
  const { id, secret, role } = JSON.parse(created.out) as { id: string; secret: string; role: string };
  t.is(role, 'submitter');
  const who = await run(['token', 'whoami', '-o', 'json'], cluster.cliEnv(secret));
  t.is(who.code, 0, who.err);
  t.like(JSON.parse(who.out), { id, name: 'carol', role: 'submitter' });
  const listed = await run(['token', 'list']);
  t.regex(listed.out, new RegExp(`^${id} +carol +submitter`, 'm'));
  t.is((await run(['token', 'revoke', id])).code, 0);
  const after = await run(['job', 'list'], cluster.cliEnv(secret));
  t.is(after.code, 1);
  t.regex(after.err, /^error: UNAUTHENTICATED: the token is not valid/m);
  t.regex(after.err, /hint: give a token with --token, TROUPE_TOKEN/);
  const denied = await run(['pool', 'create', '--id', 'nope'], cluster.cliEnv(tokens.reader.secret));
  t.is(denied.code, 1);
  t.regex(denied.err, /PERMISSION_DENIED: CreatePool is not allowed for role 'reader'/);

  // The config file: the same credentials from ~/.config/troupe/config, nothing in the environment.
  const home = await mkdtemp(path.join(os.tmpdir(), 'troupe-home-'));
  t.teardown(() => rm(home, { recursive: true, force: true }));
  const config = path.join(home, 'troupe', 'config');
  await (await import('node:fs/promises')).mkdir(path.dirname(config), { recursive: true });
  await writeFile(config, JSON.stringify({ api: cluster.apiAddress, token: tokens.reader.secret, ca: cluster.security.pki.caCert }), { mode: 0o600 });
  const fromConfig = await run(['token', 'whoami', '-o', 'json'], { XDG_CONFIG_HOME: home, TROUPE_API: '', TROUPE_TOKEN: '', TROUPE_CA: '', TROUPE_CONFIG: '' });
  t.is(fromConfig.code, 0, fromConfig.err);
  t.like(JSON.parse(fromConfig.out), { name: 'reader' });
  t.is((await stat(config)).mode & 0o777, 0o600);
});

test('--admin-token-file: created 0600 on first start, registered when the store lacks it, refused when it is not an admin\'s', async (t) => {
  t.is((await stat(cluster.security.adminTokenFile)).mode & 0o077, 0, 'the admin token file is not readable by others');
  t.is((await cluster.api.WhoAmI({})).role, 'admin');
  // A NATS of its own: coordinators started one after the other, each leading in turn.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-bootstrap-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const nats = await startNatsServer({ dataDir: path.join(dir, 'nats') });
  t.teardown(() => nats.stop());
  const start = (adminTokenFile: string) => startCoordinator({ natsUrl: nats.url, listen: '127.0.0.1:0', logger: silentLogger, leaseMs: 2000, adminTokenFile });
  const first = path.join(dir, 'admin.token');
  const coordinator = await start(first);
  t.is((await stat(first)).mode & 0o777, 0o600);
  const adminToken = (await readFile(first, 'utf8')).trim();
  const api = connectApi(`http://${coordinator.apiAddress}`, { token: adminToken });
  const reader = await api.CreateToken({ name: 'r', role: 'reader' });
  api.close();
  await coordinator.stop();

  const readerFile = path.join(dir, 'reader.token');
  await writeFile(readerFile, `${reader.secret}\n`, { mode: 0o600 });
  await t.throwsAsync(start(readerFile), { message: /is a reader token, not an admin token/ });
  const garbled = path.join(dir, 'garbled.token');
  await writeFile(garbled, 'not-a-token\n', { mode: 0o600 });
  await t.throwsAsync(start(garbled), { message: /not a troupe token/ });
  // A token file made elsewhere (the store does not know it) is registered as an admin token.
  const made = path.join(dir, 'made.token');
  const bearer = newToken().bearer;
  await writeFile(made, `${bearer}\n`, { mode: 0o600 });
  const registered = await start(made);
  t.teardown(() => registered.stop());
  const madeApi = connectApi(`http://${registered.apiAddress}`, { token: bearer });
  t.teardown(() => madeApi.close());
  t.like(await madeApi.WhoAmI({}), { role: 'admin', name: 'admin', createdBy: 'bootstrap' });
});
