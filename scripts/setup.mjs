#!/usr/bin/env node
// Installs what troupe needs and is missing, and nothing else: nats-server, Open MPI and MPICH,
// iproute2, chromium, python3-grpcio and protoc (Debian's packages), the npm dependencies. Safe
// to run again: a ready machine costs a few milliseconds.
// Uses only Node's built-ins, since it runs before node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (msg) => process.stderr.write(`setup: ${msg}\n`);

function onPath(cmd) {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/sbin'];
  return dirs.some((d) => d && existsSync(path.join(d, cmd)));
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    say(`'${cmd} ${args.join(' ')}' failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

function aptInstall(packages) {
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && !onPath('sudo')) {
    say(`missing ${packages.join(', ')}: install them with 'apt-get install ${packages.join(' ')}' (needs root)`);
    process.exit(1);
  }
  say(`installing ${packages.join(', ')} from Debian's packages`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // As root apt-get runs as it is; otherwise through sudo -n (never prompting).
  const apt = (...args) => (asRoot ? run('apt-get', args, { env }) : run('sudo', ['-n', 'apt-get', ...args], { env }));
  apt('update', '-qq');
  apt('install', '-y', '-qq', ...packages);
}

// 1. System packages.
const missing = [];
if (!onPath('nats-server')) missing.push('nats-server');
// MPI for multi-instance tasks and their tests: Open MPI and MPICH side by side (Debian names
// them mpiexec.openmpi / mpiexec.mpich), with their compilers for the test programs.
if (!onPath('mpiexec.openmpi') || !onPath('mpicc.openmpi')) missing.push('openmpi-bin', 'libopenmpi-dev');
if (!onPath('mpiexec.mpich') || !onPath('mpicc.mpich')) missing.push('mpich', 'libmpich-dev');
// ip, for the tests' simulated hosts (test/helpers/test-hosts.ts: network namespaces, veth pairs,
// a bridge); their unshare and nsenter come with util-linux, which every Debian has.
if (!onPath('ip')) missing.push('iproute2');
// openssl: the local cluster's throw-away CA and certificates (src/security/local-pki.ts).
if (!onPath('openssl')) missing.push('openssl');
// tmux: the terminal the exec and attach tests drive troupe's CLI in, and read the screen of.
if (!onPath('tmux')) missing.push('tmux');
// chromium: the dashboard's tests drive Debian's headless Chromium (puppeteer-core, which
// downloads no browser). Always installed: npm test must pass on a fresh machine, and a test
// that cannot find it fails saying so rather than skipping.
if (!onPath('chromium')) missing.push('chromium');
// The second-language client test (test/python-client.test.ts): Debian's grpcio for Debian's
// python3, and protoc with gRPC's Python plugin to generate its stubs from proto/. Not
// python3-grpc-tools: its protoc (3.5.1) cannot read proto3 `optional` fields. Looked for as
// files (no interpreter started), so a ready machine pays nothing.
if (!existsSync('/usr/lib/python3/dist-packages/grpc/__init__.py')) missing.push('python3-grpcio');
if (!onPath('protoc')) missing.push('protobuf-compiler');
if (!onPath('grpc_python_plugin')) missing.push('protobuf-compiler-grpc');
if (missing.length) aptInstall(missing);

// 2. npm dependencies, when absent or older than the lock file.
const lock = path.join(root, 'package-lock.json');
const marker = path.join(root, 'node_modules', '.package-lock.json');
// A node_modules that is a symbolic link (a git worktree sharing another checkout's) is left
// alone: npm ci would empty the directory it points to, under the other checkout's feet.
const linked = lstatSync(path.join(root, 'node_modules'), { throwIfNoEntry: false })?.isSymbolicLink();
if (linked) {
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) say('node_modules is a symbolic link: not reinstalling it (run npm ci where it points to if it is stale)');
} else if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  say('installing npm dependencies');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
}

// 3. The native task spawner (falls back to Node's spawn when no C compiler is found), then the
// JavaScript that bin/troupe.js runs (dist/; a no-op when current).
run(process.execPath, [path.join(root, 'scripts/build-native.mjs')]);
run(process.execPath, [path.join(root, 'scripts/build.mjs')]);

// 4. Generated API types follow proto/ (they are committed; regenerate when a .proto is newer).
const generated = path.join(root, 'src/protocol/generated/batch_service.ts');
const protoDirs = [path.join(root, 'proto/troupe/v1'), path.join(root, 'proto/troupe/internal/v1')];
const newestProto = Math.max(...protoDirs.flatMap((dir) => execFileSync('ls', [dir]).toString().trim().split('\n').map((f) => statSync(path.join(dir, f)).mtimeMs)));
if (!existsSync(generated) || statSync(generated).mtimeMs + 1000 < newestProto) {
  say('regenerating API types from proto/');
  run('npm', ['run', '-s', 'gen:proto']);
}
