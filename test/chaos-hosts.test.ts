// Every fault at once, on the shape of a real cluster: three workers on simulated hosts (own
// network and mount namespaces), a 3-server NATS cluster with every bucket and stream on all
// three, and during one job of 10,000 tasks: kill -9 of a worker (started again later), another
// worker cut off from the network and healed, the coordinator killed and started again, and one
// nats-server killed and started again.
//
// What must hold: every task completes exactly once with its true result (success), no two
// attempts of one task ever run at the same time, and no process of any task is left. The
// overlap check is the kernel's: each attempt runs under `flock -n` on a lock file of its task
// (in /var/tmp, shared by every host); the lock is held as long as any process of the attempt
// lives and is freed by the kernel when the last one dies, however it died. An attempt that
// finds it held writes an "overlap" line and fails (so the task fails too: no retries).
import test from 'ava';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { taskScratchDir } from './helpers/scratch-dir.ts';
import path from 'node:path';
import { processesMatching, startCluster, waitForLog } from './helpers/cluster.ts';

const TOTAL = 10_000;

test('worker kill, a worker cut off, coordinator kill and nats-server kill during 10,000 tasks: each completes once, no attempts overlap, nothing is left', async (t) => {
  t.timeout(600_000);
  const cluster = await startCluster({ natsCluster: 3, hosts: true, workers: 3, slots: 4, nodeTimeout: '6s', heartbeat: '250ms', lease: '10s' });
  t.teardown(() => cluster.stop());
  const dir = await taskScratchDir('/var/tmp/troupe-chaos-hosts-');
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await mkdir(path.join(dir, 'locks'), { mode: 0o1777 });
  await chmod(path.join(dir, 'locks'), 0o1777); // the umask took o+w: every task's user locks there
  const lines = path.join(dir, 'lines');
  const marker = `chaoshosts${process.pid}`;
  const attempt = [
    'echo "$AZ_BATCH_TASK_ID start $AZ_BATCH_NODE_ID" >> "$D/lines"',
    // Every 100th task runs 5 s: long enough to be running when a fault strikes, and to outlive
    // a requeue if its node failed to end it.
    'case $AZ_BATCH_TASK_ID in *00) sleep 5;; *) sleep 0.05;; esac',
    'echo "$AZ_BATCH_TASK_ID end $AZ_BATCH_NODE_ID" >> "$D/lines"',
  ].join('; ');
  const command = [
    `/usr/bin/flock -n -E 99 "$D/locks/$AZ_BATCH_TASK_ID" /bin/sh -c '${attempt}' ${marker}`,
    'rc=$?',
    '[ $rc -eq 99 ] && echo "$AZ_BATCH_TASK_ID overlap $AZ_BATCH_NODE_ID" >> "$D/lines"',
    'exit $rc',
  ].join('\n');
  await cluster.api.CreateJob({
    job: { id: 'chaos', poolInfo: { poolId: 'testpool' }, constraints: { maxTaskRetryCount: 0 }, commonEnvironmentSettings: [{ name: 'D', value: dir }] },
  });
  for (let from = 0; from < TOTAL; from += 1000) {
    const res = await cluster.api.AddTaskCollection({
      jobId: 'chaos',
      tasks: Array.from({ length: 1000 }, (_, i) => ({ id: `c${from + i}`, commandArgs: ['/bin/sh', '-c', command] })),
    });
    t.true(res.results.every((r) => r.status === 'success'));
  }
  const completed = async () => (await cluster.api.GetTaskCounts({ jobId: 'chaos' })).completed;
  const after = (n: number) => cluster.until(`${n} tasks completed`, async () => (await completed()) >= n, 300_000);
  const faults: string[] = [];

  await after(1000);
  await cluster.workers.get('node-1')!.crash();
  faults.push('kill -9 of the worker of node-1');
  await after(2500);
  await cluster.startWorker('node-1');
  faults.push('node-1 started again under the same id');

  cluster.host('node-2').cut();
  faults.push('node-2 cut off from the network');
  await waitForLog(cluster.workers.get('node-2')!, /cut off from NATS: ending every task/, 60_000);
  await cluster.until('node-2 declared offline', async () => (await cluster.api.GetNode({ nodeId: 'node-2' })).state === 'offline', 60_000);
  cluster.host('node-2').heal();
  faults.push('node-2 healed');

  await after(5000);
  await cluster.coordinator.crash();
  await cluster.startCoordinator();
  faults.push('kill -9 of the coordinator, started again');

  await after(7000);
  const nats = cluster.natsCluster!;
  const victim = await nats.waitForMetaLeader();
  await nats.crash(victim);
  faults.push(`kill -9 of nats-server ${victim} (the JetStream meta leader)`);
  await after(8500);
  await nats.restart(victim);
  faults.push(`${victim} started again`);

  const counts = await cluster.waitForJobTasks('chaos', TOTAL, 300_000);
  t.log(`faults injected (${faults.length}): ${faults.join('; ')}`);
  const text = await readFile(lines, 'utf8');
  const overlaps = text.split('\n').filter((l) => l.includes(' overlap '));
  t.deepEqual(overlaps, [], 'no attempt ever found another attempt of its task alive');
  t.deepEqual({ ...counts }, { active: 0, running: 0, completed: TOTAL, succeeded: TOTAL, failed: 0 });

  const ends = new Map<string, number>();
  for (const l of text.split('\n')) {
    const [id, what] = l.split(' ');
    if (what === 'end') ends.set(id!, (ends.get(id!) ?? 0) + 1);
  }
  let checked = 0;
  let requeued = 0;
  let pageToken = '';
  do {
    const page = await cluster.api.ListTasks({ jobId: 'chaos', maxResults: 1000, pageToken });
    for (const task of page.tasks) {
      checked++;
      const times = ends.get(task.id) ?? 0;
      t.is(task.executionInfo!.result, 'success', task.id);
      t.is(task.executionInfo!.retryCount, 0, `${task.id}: a node's fault is never the task's retry`);
      if (times !== 1) t.true(times >= 1 && task.executionInfo!.requeueCount >= 1, `${task.id} ended ${times} times, requeued ${task.executionInfo!.requeueCount}`);
      if (task.executionInfo!.requeueCount > 0) requeued++;
    }
    pageToken = page.nextPageToken ?? '';
  } while (pageToken);
  t.is(checked, TOTAL);
  t.log(`tasks checked: ${checked}; requeued at least once: ${requeued}`);
  await cluster.until('no process of any task to be left', async () => (await processesMatching(marker)).length === 0, 60_000);
});
