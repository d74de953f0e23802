import test from 'ava';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describeExit, spawnDaemon } from '../../src/cli/local-cluster/child-daemon.ts';
import { assertPortFree, connectAddress, freePort, splitHostPort } from '../../src/cli/local-cluster/ports.ts';
import { onceStdinClosed } from '../../src/cli/shutdown-signal.ts';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';

const node = process.execPath;

/** Resolves once `check` holds; fails after a deadline generous for a loaded machine (this
 *  file's tests start node processes side by side). */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const logHas = async (log: string, text: string) => existsSync(log) && (await readFile(log, 'utf8')).includes(text);

/** Starts a node script whose output goes to a log, once it has printed 'ready' (its signal
 *  handlers are installed by then: a stop before that would test nothing). */
async function startScript(name: string, script: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-child-'));
  const log = path.join(dir, `${name}.log`);
  const child = spawnDaemon(name, node, ['-e', `${script}; console.log('ready')`], { logFile: log });
  await until(`${name} to be ready`, () => logHas(log, 'ready'));
  return { child, log };
}

test('stop() sends SIGTERM and waits; a second stop() is the same stop', async (t) => {
  const { child } = await startScript('polite', `process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1000)`);
  const first = child.stop();
  t.is(child.stop(), first);
  t.deepEqual(await first, { code: 0, signal: null });
});

test('stop() escalates to SIGKILL when SIGTERM is ignored', async (t) => {
  // Says so on the first SIGTERM only. That first one comes from the test, which waits until it
  // was ignored: had it come from stop(), a loaded machine could run the handler only after the
  // SIGKILL 300 ms later, and the log would miss the line although stop() was right.
  const { child, log } = await startScript('stubborn', `let said = false; process.on('SIGTERM', () => { if (!said) console.log('ignoring'); said = true; }); setInterval(() => {}, 1000)`);
  t.teardown(() => child.stop(300).then(() => {}));
  process.kill(child.pid, 'SIGTERM');
  await until('the first SIGTERM to be ignored', () => logHas(log, 'ignoring'));
  const t0 = Date.now();
  const status = await child.stop(300);
  t.deepEqual(status, { code: null, signal: 'SIGKILL' });
  t.true(Date.now() - t0 >= 250, `killed after ${Date.now() - t0} ms: before the grace period`);
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
  await until('end-of-file to be noticed', () => closed, 10_000);
  t.true(closed);
});

test('a daemon notices that its parent was SIGKILLed (stdin reaches end-of-file)', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-orphan-'));
  const marker = path.join(dir, 'noticed');
  const daemon = `process.stdin.on('data', () => {}); process.stdin.on('end', () => {
    const fs = require('fs'); fs.writeFileSync(${JSON.stringify(marker + '.tmp')}, 'parent gone');
    fs.renameSync(${JSON.stringify(marker + '.tmp')}, ${JSON.stringify(marker)}); process.exit(0); }); process.stdin.resume();`;
  const parentScript = `import { spawnDaemon } from ${JSON.stringify(path.resolve('src/cli/local-cluster/child-daemon.ts'))};
    spawnDaemon('d', process.execPath, ['-e', ${JSON.stringify(daemon)}]); console.log('spawned'); setInterval(() => {}, 1000);`;
  t.timeout(90_000);
  const parent = spawn(node, ['--import', 'tsx', '--input-type=module', '-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
  const started = await Promise.race([once(parent.stdout!, 'data').then(() => true), once(parent, 'exit').then(() => false)]);
  t.true(started, 'the parent process started its daemon');
  parent.kill('SIGKILL');
  // The daemon may still be starting (node's start-up takes seconds on a loaded machine). It
  // writes the marker under another name and renames it: seen, it is whole.
  await until('the daemon to notice', () => existsSync(marker));
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
