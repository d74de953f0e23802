// The command node provider driving operator-style scripts (test/fixtures/provider-*.sh) that
// start and stop real workers, one that fails (its stderr and exit code on the pool), one that
// starts nothing (the resize times out); and CreatePool's checks of providers (issue 13 item 1).
import test from 'ava';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fixture, startCluster, type TestCluster } from './helpers/cluster.ts';
import { TROUPE_BIN } from './helpers/troupe-bin.ts';
import { nodeNames, prepareNodeConfigs } from './helpers/elastic-nodes.ts';

let c: TestCluster;
let dir: string;
test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'troupe-command-nodes-'));
  c = await startCluster({ workers: 0, createPool: false, nodeTimeout: '60s' });
});
test.after.always(async () => {
  // Whatever a failed test left running.
  for (const f of await readdir(dir).catch(() => [] as string[])) {
    if (!f.endsWith('.pid')) continue;
    const pid = Number(await readFile(path.join(dir, f), 'utf8'));
    try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
  }
  await c?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const startCommand = `${fixture('provider-start.sh')} DIR ${process.execPath} ${TROUPE_BIN}`;
const stopCommand = `${fixture('provider-stop.sh')} DIR`;
const provider = (start = startCommand, timeout = '') => ({ kind: 'command', startCommand: start.replace('DIR', dir), stopCommand: stopCommand.replace('DIR', dir), commandTimeout: timeout });

async function steady(poolId: string) {
  return c.until(`pool ${poolId} steady`, async () => {
    const p = await c.api.GetPool({ poolId });
    return p.allocationState === 'steady' ? p : undefined;
  }, 90_000);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test.serial('the command provider starts a dedicated and a low-priority node with the scripts, then stops them', async (t) => {
  await prepareNodeConfigs(c, dir, nodeNames('cmd', 2));
  // Targets at creation: the pool is resizing from the start.
  const created = await c.api.CreatePool({ pool: { id: 'cmd', taskSlotsPerNode: 1, nodeProvider: provider(), targetDedicatedNodes: 1, targetLowPriorityNodes: 1 } });
  t.is(created.allocationState, 'resizing');
  t.is(created.nodeProvider!.kind, 'command');
  await c.until('2 idle nodes', async () => (await c.api.ListNodes({ poolId: 'cmd' })).nodes.filter((n) => n.state === 'idle').length === 2, 90_000);
  const pool = await steady('cmd');
  t.is(pool.currentDedicatedNodes, 1);
  t.is(pool.currentLowPriorityNodes, 1);
  const nodes = (await c.api.ListNodes({ poolId: 'cmd' })).nodes.sort((a, b) => a.id.localeCompare(b.id));
  t.deepEqual(nodes.map((n) => [n.id, n.isDedicated]), [['cmd-1', true], ['cmd-2', false]]);
  const calls = await readFile(path.join(dir, 'calls.log'), 'utf8');
  t.regex(calls, /^start cmd-1 cmd dedicated env=cmd-1\/cmd\/dedicated$/m);
  t.regex(calls, /^start cmd-2 cmd lowpriority env=cmd-2\/cmd\/lowpriority$/m);
  // The script's stdout is logged by the coordinator.
  t.regex(c.coordinator.logs(), /"msg":"start command stdout".*started worker cmd-1/);
  const pids = await Promise.all(['cmd-1', 'cmd-2'].map(async (n) => Number(await readFile(path.join(dir, `${n}.pid`), 'utf8'))));
  t.true(pids.every(alive));

  await c.api.ResizePool({ poolId: 'cmd', targetDedicatedNodes: 0, targetLowPriorityNodes: 0, resizeTimeout: '', nodeDeallocationOption: '' });
  await c.until('the workers gone', async () => !pids.some(alive), 60_000);
  const down = await steady('cmd');
  t.is(down.currentDedicatedNodes + down.currentLowPriorityNodes, 0);
  const after = await readFile(path.join(dir, 'calls.log'), 'utf8');
  t.regex(after, /^stop cmd-1 cmd dedicated$/m);
  t.regex(after, /^stop cmd-2 cmd lowpriority$/m);
  t.deepEqual((await c.api.ListNodes({ poolId: 'cmd' })).nodes, []);
});

test.serial('a failing start script ends the resize with its exit code and stderr on the pool', async (t) => {
  await c.api.CreatePool({ pool: { id: 'broken', taskSlotsPerNode: 1, nodeProvider: provider(fixture('provider-fail.sh')) } });
  await c.api.ResizePool({ poolId: 'broken', targetDedicatedNodes: 1, targetLowPriorityNodes: 0, resizeTimeout: '', nodeDeallocationOption: '' });
  const pool = await c.until('a resize error', async () => {
    const p = await c.api.GetPool({ poolId: 'broken' });
    return p.allocationState === 'steady' && p.resizeErrors.length > 0 ? p : undefined;
  });
  const [err] = pool.resizeErrors;
  t.is(err!.code, 'NodeStartFailed');
  t.is(err!.nodeId, 'broken-1');
  t.regex(err!.message, /exited with code 3: no capacity left in rack 7 for broken-1/);
  t.is(pool.currentDedicatedNodes, 0);
  t.regex(c.coordinator.logs(), /"msg":"start command stderr".*no capacity left in rack 7/);
});

test.serial('a resize whose nodes never join stops at its resize timeout with ResizeTimeout', async (t) => {
  await c.api.CreatePool({ pool: { id: 'silent', taskSlotsPerNode: 1, nodeProvider: provider(fixture('provider-noop.sh')) } });
  const started = Date.now();
  await c.api.ResizePool({ poolId: 'silent', targetDedicatedNodes: 1, targetLowPriorityNodes: 0, resizeTimeout: '5s', nodeDeallocationOption: '' });
  t.is((await c.api.GetPool({ poolId: 'silent' })).resizeTimeout, '5s');
  const pool = await c.until('a resize error', async () => {
    const p = await c.api.GetPool({ poolId: 'silent' });
    return p.allocationState === 'steady' && p.resizeErrors.length > 0 ? p : undefined;
  });
  t.true(Date.now() - started >= 5000);
  t.is(pool.resizeErrors[0]!.code, 'ResizeTimeout');
  t.regex(pool.resizeErrors[0]!.message, /within 5 s/);
});

test.serial('CreatePool refuses a provider it cannot run, naming the field', async (t) => {
  const noStart = await t.throwsAsync(c.api.CreatePool({ pool: { id: 'x1', nodeProvider: { kind: 'command', startCommand: '', stopCommand: '/bin/true', commandTimeout: '' } } })) as unknown as { code: number; details: string };
  t.is(noStart.code, 3);
  t.regex(noStart.details, /pool\.nodeProvider\.startCommand is required/);
  const kind = await t.throwsAsync(c.api.CreatePool({ pool: { id: 'x2', nodeProvider: { kind: 'cloud', startCommand: '', stopCommand: '', commandTimeout: '' } } })) as unknown as { code: number; details: string };
  t.regex(kind.details, /pool\.nodeProvider\.kind must be one of manual, local, command/);
  // This coordinator was started without --local-workers-dir.
  const local = await t.throwsAsync(c.api.CreatePool({ pool: { id: 'x3', nodeProvider: { kind: 'local', startCommand: '', stopCommand: '', commandTimeout: '' } } })) as unknown as { code: number; details: string };
  t.is(local.code, 9);
  t.regex(local.details, /--local-workers-dir/);
  const manualTargets = await t.throwsAsync(c.api.CreatePool({ pool: { id: 'x4', targetDedicatedNodes: 2 } })) as unknown as { code: number; details: string };
  t.is(manualTargets.code, 3);
  t.regex(manualTargets.details, /pool\.targetDedicatedNodes needs a node provider/);
});
