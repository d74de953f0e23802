import test from 'ava';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describeExit, spawnDaemon } from '../../src/cli/child-daemon.ts';
import { assertPortFree, connectAddress, freePort, splitHostPort } from '../../src/cli/ports.ts';
import { onceStdinClosed } from '../../src/cli/shutdown-signal.ts';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';

const node = process.execPath;

/** Starts a node script whose output goes to a log, once it has printed 'ready'. */
async function startScript(name: string, script: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-child-'));
  const log = path.join(dir, `${name}.log`);
  const child = spawnDaemon(name, node, ['-e', `${script}; console.log('ready')`], { logFile: log });
  const deadline = Date.now() + 10_000;
  while (!(existsSync(log) && (await readFile(log, 'utf8')).includes('ready')) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, log };
}

test('stop() sends SIGTERM and waits; a second stop() is the same stop', async (t) => {
  const { child } = await startScript('polite', `process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)`);
  const first = child.stop();
  t.is(child.stop(), first);
  t.deepEqual(await first, { code: 0, signal: null });
});

test('stop() escalates to SIGKILL when SIGTERM is ignored', async (t) => {
  const { child, log } = await startScript('stubborn', `process.on('SIGTERM', () => console.log('ignoring')); setInterval(() => {}, 1000)`);
  const status = await child.stop(300);
  t.deepEqual(status, { code: null, signal: 'SIGKILL' });
  t.is(describeExit(status), 'was killed by SIGKILL');
  t.is(await readFile(log, 'utf8'), 'ready\nignoring\n');
});

test('exited resolves for a process that dies on its own', async (t) => {
  const child = spawnDaemon('crasher', node, ['-e', 'process.exit(3)']);
  const status = await child.exited;
  t.is(describeExit(status), 'exited with code 3');
  t.deepEqual(await child.stop(), status);
});

test('onceStdinClosed waits for end-of-file, not for data', async (t) => {
  const stdin = new PassThrough();
  let closed = false;
  void onceStdinClosed(stdin).then(() => { closed = true; });
  stdin.write('noise');
  await new Promise((r) => setImmediate(r));
  t.false(closed);
  stdin.end();
  await new Promise((r) => setTimeout(r, 10));
  t.true(closed);
});

test('a daemon notices that its parent was SIGKILLed (stdin reaches end-of-file)', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-orphan-'));
  const marker = path.join(dir, 'noticed');
  const daemon = `process.stdin.on('data', () => {}); process.stdin.on('end', () => {
    require('fs').writeFileSync(${JSON.stringify(marker)}, 'parent gone'); process.exit(0); }); process.stdin.resume();`;
  const parentScript = `import { spawnDaemon } from ${JSON.stringify(path.resolve('src/cli/child-daemon.ts'))};
    spawnDaemon('d', process.execPath, ['-e', ${JSON.stringify(daemon)}]); console.log('spawned'); setInterval(() => {}, 1000);`;
  t.timeout(30_000);
  const parent = spawn(node, ['--import', 'tsx', '--input-type=module', '-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
  const started = await Promise.race([once(parent.stdout!, 'data').then(() => true), once(parent, 'exit').then(() => false)]);
  t.true(started, 'the parent process started its daemon');
  parent.kill('SIGKILL');
  const deadline = Date.now() + 10_000;
  while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  t.is(await readFile(marker, 'utf8'), 'parent gone');
});

test('addresses: HOST:PORT parsing, wildcard hosts, busy ports', async (t) => {
  t.deepEqual(splitHostPort('127.0.0.1:7878'), { host: '127.0.0.1', port: 7878 });
  t.deepEqual(splitHostPort('[::1]:80'), { host: '::1', port: 80 });
  t.throws(() => splitHostPort('7878'), { message: "expected HOST:PORT, got '7878'" });
  t.is(connectAddress('0.0.0.0:7878'), '127.0.0.1:7878');
  const port = await freePort();
  await t.notThrowsAsync(assertPortFree(`127.0.0.1:${port}`));
  const server = net.createServer().listen(port, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  t.teardown(() => server.close());
  await t.throwsAsync(assertPortFree(`127.0.0.1:${port}`), { message: /already in use/ });
});
