// `troupe up` turns the dashboard on by default: on 127.0.0.1 and a free port, its URL printed
// with the admin token in the fragment (never in a query a server would log); --no-dashboard
// turns it off; --metrics gives every daemon a Prometheus port and prints their URLs. Run as a user runs it: bin/troupe.js up in the foreground, stopped with SIGINT.
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { TROUPE_BIN } from './helpers/cluster.ts';
import { freePort } from '../src/cli/local-cluster/ports.ts';
import { runCli } from '../src/cli/main.ts';
import { captureIo } from './unit/cli-fake-api.ts';

async function up(t: { teardown(fn: () => unknown): void; fail(m: string): void }, extra: string[]): Promise<{ output: () => string; stop: () => Promise<number | null> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-dash-up-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const child = spawn(process.execPath, [TROUPE_BIN, 'up', '--workers', '1', '--listen', `127.0.0.1:${await freePort()}`, '--data-dir', path.join(dir, 'up'), ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'config') },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.teardown(() => child.kill('SIGKILL'));
  const deadline = Date.now() + 120_000;
  // Waits on what troupe up prints (its milestones), as a person would.
  // Its last start-up line, after the addresses (the dashboard's among them).
  while (!/Ctrl-C to stop/.test(output)) {
    if (child.exitCode !== null) t.fail(`troupe up exited ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) t.fail(`troupe up did not get ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { output: () => output, stop: async () => { child.kill('SIGINT'); return exited; } };
}

function get(url: string, ca: Buffer, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

test('troupe up serves the dashboard by default and prints its URL with the token in the fragment', async (t) => {
  const cluster = await up(t, []);
  const m = /dashboard: (https:\/\/127\.0\.0\.1:\d+\/)#token=(\S+) \(the browser will not know troupe up's CA: (\S+)\)/.exec(cluster.output());
  t.truthy(m, cluster.output());
  const [, url, token, caFile] = m!;
  const ca = await readFile(caFile!);
  // The page over HTTPS with troupe up's CA, and the API behind the printed token.
  const page = await get(url!, ca);
  t.is(page.status, 200);
  t.regex(page.body, /<title>troupe dashboard<\/title>/);
  const me = await get(`${url}api/whoami`, ca, token);
  t.is(me.status, 200, me.body);
  t.is(JSON.parse(me.body).role, 'admin');
  t.is((await get(`${url}api/whoami`, ca)).status, 401);
  t.is(await cluster.stop(), 0);
});

test('troupe up --metrics prints a metrics URL for the coordinator and every worker, each served over HTTPS with its CA', async (t) => {
  const cluster = await up(t, ['--no-dashboard', '--metrics', '--workers', '2']);
  const targets = [...cluster.output().matchAll(/metrics of (\S+): (https:\/\/\S+\/metrics)/g)].map((m) => ({ daemon: m[1]!, url: m[2]! }));
  t.deepEqual(targets.map((x) => x.daemon), ['coordinator', 'local-1', 'local-2'], cluster.output());
  const ca = await readFile(/Prometheus metrics \(scrape with troupe up's CA: (\S+)\):/.exec(cluster.output())![1]!);
  const coordinator = await get(targets[0]!.url, ca);
  t.is(coordinator.status, 200);
  t.regex(coordinator.body, /^troupe_task_slots 8$/m);
  for (const worker of targets.slice(1)) {
    const res = await get(worker.url, ca);
    t.is(res.status, 200, worker.daemon);
    t.regex(res.body, /^troupe_worker_task_slots 4$/m, worker.daemon);
    t.regex(res.body, /^# TYPE troupe_worker_task_duration_seconds histogram$/m, worker.daemon);
  }
  t.is(await cluster.stop(), 0);
});

test('troupe up --no-dashboard serves none and says nothing of it', async (t) => {
  const cluster = await up(t, ['--no-dashboard']);
  t.notRegex(cluster.output(), /dashboard/);
  t.is(await cluster.stop(), 0);
});

test('troupe up refuses --dashboard with --no-dashboard, and a --dashboard that is not HOST:PORT', async (t) => {
  for (const [argv, message] of [
    [['up', '--no-dashboard', '--dashboard', '127.0.0.1:9999'], /--dashboard and --no-dashboard exclude each other/],
    [['up', '--dashboard', 'nowhere'], /expected HOST:PORT, got 'nowhere'/],
    // The daemons' own --metrics is refused before anything starts, naming the flag.
    [['worker', '--nats', 'nats://127.0.0.1:4222', '--plaintext', '--pool', 'p', '--metrics', 'nowhere'], /--metrics must be HOST:PORT, not 'nowhere'/],
    [['coordinator', '--nats', 'nats://127.0.0.1:4222', '--plaintext', '--metrics', '127.0.0.1'], /--metrics must be HOST:PORT, not '127.0.0.1'/],
  ] as const) {
    const cap = captureIo();
    t.is(await runCli([...argv], cap.io), 2, cap.stderr());
    t.regex(cap.stderr(), message);
  }
});
