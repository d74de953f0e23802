// `troupe up` gives its pool the local node provider, so that `troupe pool resize` works on a
// laptop: the CLI as a user runs it (bin/troupe.js up in the foreground, then pool resize, pool
// node-counts, node remove, pool stop-resize through the client config up wrote).
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TROUPE_BIN } from './helpers/cluster.ts';
import { freePort } from '../src/cli/local-cluster/ports.ts';

function troupe(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TROUPE_BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('troupe up: pool resize starts local workers, node remove and a shrink send them away, up goes on', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-up-resize-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'config') };
  delete env.TROUPE_API;
  delete env.TROUPE_TOKEN;
  delete env.TROUPE_CA;
  delete env.TROUPE_CONFIG;
  const up = spawn(process.execPath, [TROUPE_BIN, 'up', '--workers', '1', '--no-dashboard', '--listen', `127.0.0.1:${await freePort()}`, '--data-dir', path.join(dir, 'up')], {
    stdio: ['ignore', 'pipe', 'pipe'], env,
  });
  let output = '';
  up.stdout.on('data', (d) => (output += d));
  up.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => up.on('exit', (code) => resolve(code)));
  t.teardown(() => up.kill('SIGKILL'));
  await until('troupe up ready', async () => {
    if (up.exitCode !== null) throw new Error(`troupe up exited ${up.exitCode}:\n${output}`);
    return /Ctrl-C to stop/.test(output) ? true : undefined;
  }, 120_000);

  const pool = async () => JSON.parse((await troupe(env, ['pool', 'show', 'local', '-o', 'json'])).stdout);
  const first = await until('pool steady with 1 node', async () => {
    const p = await pool();
    return p.allocationState === 'steady' && p.currentDedicatedNodes === 1 ? p : undefined;
  });
  t.is(first.nodeProvider.kind, 'local');
  t.is(first.targetDedicatedNodes, 1);

  const resized = await troupe(env, ['pool', 'resize', 'local', '--target-dedicated', '3']);
  t.is(resized.code, 0, resized.stderr);
  t.regex(resized.stdout, /allocation state\s+resizing/);
  await until('3 idle nodes', async () => {
    const counts = JSON.parse((await troupe(env, ['pool', 'node-counts', 'local', '-o', 'json'])).stdout);
    return counts[0].dedicated.idle === 3 ? counts : undefined;
  });
  const table = await troupe(env, ['pool', 'node-counts']);
  t.regex(table.stdout, /^local\s+dedicated\s+0\s+3\s+0/m);

  // The worker up started itself is sent away: it exits 0, and up goes on.
  const removed = await troupe(env, ['node', 'remove', 'local', 'local-1', '--deallocation', 'requeue']);
  t.is(removed.code, 0, removed.stderr);
  await until('local-1 gone', async () => {
    const nodes = JSON.parse((await troupe(env, ['node', 'list', '--pool', 'local', '-o', 'json'])).stdout) as { id: string }[];
    return nodes.length === 2 && !nodes.some((n) => n.id === 'local-1') ? nodes : undefined;
  });
  // up says so once the worker's process has exited, which may be just after the node is gone.
  await until('up saying local-1 left', async () => (/worker-local-1 left the pool/.test(output) ? true : undefined));
  t.is(up.exitCode, null, 'troupe up goes on');

  const down = await troupe(env, ['pool', 'resize', 'local', '--target-dedicated', '0']);
  t.is(down.code, 0, down.stderr);
  const empty = await until('pool empty and steady', async () => {
    const p = await pool();
    return p.allocationState === 'steady' && p.currentDedicatedNodes === 0 ? p : undefined;
  });
  t.is(empty.targetDedicatedNodes, 0);
  const stop = await troupe(env, ['pool', 'stop-resize', 'local']);
  t.is(stop.code, 0, stop.stderr);
  up.kill('SIGINT');
  t.is(await exited, 0, output);
});
