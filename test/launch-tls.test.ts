// TLS on the workers' remote launch service: two "nodes" on this machine (127.0.1.1-2) with
// certificates of a throw-away CA. A launch reaches the remote node through the worker's relay
// (the worker's certificate: mutual TLS) or from the Node launcher in the task (the CA only);
// nothing reaches it in plaintext, or without the CA that signed its certificate.
import test from 'ava';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../src/protocol/log.ts';
import { mpiEnvironment, type MpiHost } from '../src/mpi/mpi-environment.ts';
import { NATIVE_LAUNCHER_PATH, NODE_LAUNCHER_PATH } from '../src/mpi/launcher-path.ts';
import { LAUNCH_CA_VARIABLE } from '../src/mpi/launch-wire.ts';
import { startLaunchRelay, type LaunchRelay } from '../src/worker/multi-instance/launch-relay.ts';
import { startRemoteLaunchServer, type LaunchRef, type RemoteLaunchServer } from '../src/worker/multi-instance/remote-launch-server.ts';
import { LocalPki } from '../src/security/local-pki.ts';
import { loadTlsMaterial, type TlsMaterial } from '../src/security/daemon-tls.ts';

const ADDRESSES = ['127.0.1.1', '127.0.1.2'];
let root: string;
let ref: LaunchRef;
let servers: RemoteLaunchServer[] = [];
let relays: { tls: LaunchRelay; plain: LaunchRelay };
let env: Record<string, string>;
let ca: string;
let otherCa: string;

test.before(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'troupe-launch-tls-'));
  const pki = await LocalPki.open(path.join(root, 'pki'));
  const other = await LocalPki.open(path.join(root, 'other-pki'));
  ca = readFileSync(pki.caCert, 'utf8');
  otherCa = readFileSync(other.caCert, 'utf8');
  ref = { jobId: 'j', taskId: 't', uid: 'u1', attempt: 1, token: `tok-${randomBytes(8).toString('hex')}` };
  const identities: TlsMaterial[] = [];
  for (const [i, address] of ADDRESSES.entries()) identities.push(loadTlsMaterial(await pki.issue(`node-${i + 1}`, [address])));
  for (const [i, address] of ADDRESSES.entries()) {
    const wd = path.join(root, address);
    mkdirSync(wd, { recursive: true });
    servers.push(await startRemoteLaunchServer({
      host: address, tls: identities[i]!, killGraceMs: 2000, log: silentLogger,
      authority: {
        contextFor: (r) => (r.token === ref.token ? { cwd: wd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, track: () => () => {} } : { refused: 'wrong launch token' }),
      },
    }));
  }
  const own = identities[0]!;
  relays = {
    tls: await startLaunchRelay({ nodeId: 'node-1', log: silentLogger, tls: { ca: own.ca, cert: own.cert, key: own.key } }),
    plain: await startLaunchRelay({ nodeId: 'node-1-plain', log: silentLogger }),
  };
  const hosts: MpiHost[] = ADDRESSES.map((address, i) => ({ address, slots: 1, launchPort: servers[i]!.port }));
  const shared = path.join(root, 'shared');
  mkdirSync(shared, { recursive: true });
  env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...mpiEnvironment({ ref, hosts, index: 0, taskSharedDir: shared, tmpDir: root, launcherPath: NATIVE_LAUNCHER_PATH, runningAsRoot: false }).env };
});

test.after.always(async () => {
  for (const s of servers) await s.close();
  await relays?.tls.close();
  await relays?.plain.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

function launch(program: string, extraEnv: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(program, ['127.0.1.2', 'echo', 'hello from', 'the other node'], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('through the relay with the worker\'s certificate, a launch runs on the remote node', async (t) => {
  const r = await launch(NATIVE_LAUNCHER_PATH, { TROUPE_MPI_RELAY: relays.tls.name });
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^hello from/);
});

test('a relay that speaks plaintext to a TLS worker fails the launch with 255 and says so', async (t) => {
  const r = await launch(NATIVE_LAUNCHER_PATH, { TROUPE_MPI_RELAY: relays.plain.name });
  t.is(r.code, 255);
  t.regex(r.stderr, /troupe-mpi-launch: .*127\.0\.1\.2/);
});

test('the Node launcher in a task checks the remote worker against the CA it is given', async (t) => {
  const ok = await launch(NODE_LAUNCHER_PATH, { [LAUNCH_CA_VARIABLE]: ca });
  t.is(ok.code, 0, ok.stderr);
  t.regex(ok.stdout, /^hello from/);
  const wrongCa = await launch(NODE_LAUNCHER_PATH, { [LAUNCH_CA_VARIABLE]: otherCa });
  t.is(wrongCa.code, 255);
  t.regex(wrongCa.stderr, /connection to the troupe worker for 127\.0\.1\.2 .* failed or was lost/);
  const plaintext = await launch(NODE_LAUNCHER_PATH, {});
  t.is(plaintext.code, 255);
  t.regex(plaintext.stderr, /troupe-mpi-launch: .*127\.0\.1\.2/);
});
