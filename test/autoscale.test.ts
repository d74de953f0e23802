// Autoscale formulas on a real cluster (issue 13 item 3): a formula driven by $PendingTasks
// raises the recorded targets as tasks are added and drops them to 0 when they are done; errors
// surface on the pool with their position; EvaluateAutoScale is a dry run with every value;
// runnable demand leaves out tasks blocked by dependencies; a restarted coordinator goes on
// evaluating. Every wait is on the pool record, with generous deadlines.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { startCluster, type TestCluster } from './helpers/cluster.ts';
import { readStatusDetails } from '../src/protocol/grpc/error-details.ts';
import type { AutoScaleRun__Output } from '../src/protocol/generated/troupe/v1/AutoScaleRun.ts';

let cluster: TestCluster;

test.before(async () => {
  cluster = await startCluster({ workers: 1, slots: 2 });
});
test.after.always(() => cluster?.stop());

/** Demand over the last 10 s of samples: the most tasks pending, at most 5 nodes. */
const DEMAND = `$samples = $PendingTasks.GetSample(TimeInterval_Second * 10);
$TargetDedicatedNodes = len($samples) == 0 ? 0 : min(5, max($samples));
$NodeDeallocationOption = "taskcompletion";`;

/** Waits for a run of the pool after `after` (ms) that `accept` takes. */
async function runOf(poolId: string, accept: (run: AutoScaleRun__Output) => boolean, after = 0, timeoutMs = 90_000): Promise<AutoScaleRun__Output> {
  return cluster.until(`an autoscale run of ${poolId}`, async () => {
    const run = (await cluster.api.GetPool({ poolId })).autoScaleRun;
    return run && Date.parse(run.timestamp) > after && accept(run) ? run : undefined;
  }, timeoutMs);
}

const troupe = (args: string[], input?: string) => cluster.troupe(args, input);

test.serial('targets follow $PendingTasks up as tasks are added, and back to 0 once they are done', async (t) => {
  const nodeId = [...cluster.workers.keys()][0]!;
  // The tasks wait, active, until scheduling is enabled again: the demand is exactly known.
  await cluster.api.DisableNodeScheduling({ nodeId });
  const enabled = await cluster.api.EnableAutoScale({ poolId: 'testpool', autoScaleFormula: DEMAND, autoScaleEvaluationInterval: '5s' });
  t.true(enabled.enableAutoScale);
  t.is(enabled.autoScaleEvaluationInterval, '5s');
  t.is(enabled.autoScaleRun?.error, null, 'evaluated at once, without error');
  t.is(enabled.autoScaleRun?.targetDedicatedNodes, 0);
  t.is(enabled.autoScaleRun?.nodeDeallocationOption, 'taskcompletion');

  await cluster.api.CreateJob({ job: { id: 'demand', poolInfo: { poolId: 'testpool' } } });
  for (const id of ['a', 'b', 'c']) await cluster.api.AddTask({ jobId: 'demand', task: { id, commandLine: '/bin/true' } });
  const up = await runOf('testpool', (r) => r.targetDedicatedNodes === 3);
  t.regex(up.results, /^\$TargetDedicatedNodes=3;\$TargetLowPriorityNodes=0;\$NodeDeallocationOption=taskcompletion;\$samples=\[/);
  t.true(up.values.some((v) => v.name === '$samples' && /3\]$/.test(v.value)), 'the samples end with the 3 pending tasks');

  await cluster.api.EnableNodeScheduling({ nodeId });
  await cluster.waitForJobTasks('demand', 3);
  const done = Date.now();
  const down = await runOf('testpool', (r) => r.targetDedicatedNodes === 0, done);
  t.is(down.error, null);
  // Evaluated every 5 s: consecutive runs' timestamps are about 5 s apart.
  const next = await runOf('testpool', () => true, Date.parse(down.timestamp));
  const gap = Date.parse(next.timestamp) - Date.parse(down.timestamp);
  t.true(gap >= 4500 && gap < 30_000, `runs ${gap} ms apart`);

  const disabled = await cluster.api.DisableAutoScale({ poolId: 'testpool' });
  t.false(disabled.enableAutoScale);
  t.is(disabled.autoScaleFormula, '');
  t.truthy(disabled.autoScaleRun, 'the last run stays on the pool');
});

test.serial('an evaluation error surfaces on the pool with its position; no target is applied', async (t) => {
  await cluster.api.CreatePool({ pool: { id: 'failing' } });
  const pool = await cluster.api.EnableAutoScale({ poolId: 'failing', autoScaleFormula: '$x = 2;\n$TargetDedicatedNodes = $x / ($PendingTasks - $PendingTasks);', autoScaleEvaluationInterval: '5s' });
  t.deepEqual(pool.autoScaleRun?.error, { code: 'FormulaError', message: '2:28: division by zero', line: 2, column: 28 });
  t.deepEqual(pool.autoScaleRun?.values.map((v) => `${v.name}=${v.value}`), ['$TargetDedicatedNodes=0', '$TargetLowPriorityNodes=0', '$NodeDeallocationOption=requeue', '$x=2']);
  const unmeasured = await cluster.api.EnableAutoScale({ poolId: 'failing', autoScaleFormula: '$TargetDedicatedNodes = avg($CPUPercent.GetSample(TimeInterval_Minute));', autoScaleEvaluationInterval: '5s' });
  t.is(unmeasured.autoScaleRun?.error?.message, '1:25: avg() of no values (troupe does not measure $CPUPercent: it has no samples)');
  // It goes on being evaluated, and failing, every interval.
  const again = await runOf('failing', (r) => r.error !== null, Date.parse(unmeasured.autoScaleRun!.timestamp));
  t.is(again.error?.line, 1);
  await cluster.api.DeletePool({ poolId: 'failing' });
});

test.serial('formulas are checked when set: INVALID_ARGUMENT naming auto_scale_formula and line:column', async (t) => {
  await cluster.api.CreatePool({ pool: { id: 'checked' } });
  const bad = await t.throwsAsync(cluster.api.EnableAutoScale({ poolId: 'checked', autoScaleFormula: '$a = 1;\n$TargetDedicatedNodes = $Pending;', autoScaleEvaluationInterval: '5s' })) as grpc.ServiceError;
  t.is(bad.code, grpc.status.INVALID_ARGUMENT);
  t.regex(bad.details, /^autoScaleFormula is not a valid formula: 2:25: unknown variable '\$Pending'/);
  t.deepEqual(readStatusDetails(bad.metadata)?.fieldViolations?.map((v) => v.field), ['auto_scale_formula']);
  const syntax = await t.throwsAsync(cluster.api.EvaluateAutoScale({ poolId: 'checked', autoScaleFormula: '$TargetDedicatedNodes = min(1,' })) as grpc.ServiceError;
  t.regex(syntax.details, /^autoScaleFormula is not a valid formula: 1:31: expected a value/);
  const interval = await t.throwsAsync(cluster.api.EnableAutoScale({ poolId: 'checked', autoScaleFormula: '$TargetDedicatedNodes = 1;', autoScaleEvaluationInterval: '1s' })) as grpc.ServiceError;
  t.is(interval.details, 'autoScaleEvaluationInterval must be 5s .. 7d, not 1s');
  const unknown = await t.throwsAsync(cluster.api.EnableAutoScale({ poolId: 'nope', autoScaleFormula: '$TargetDedicatedNodes = 1;', autoScaleEvaluationInterval: '' })) as grpc.ServiceError;
  t.is(unknown.code, grpc.status.NOT_FOUND);
  const created = await t.throwsAsync(cluster.api.CreatePool({ pool: { id: 'born-bad', enableAutoScale: true, autoScaleFormula: '$TargetDedicatedNodes = 1 +;' } })) as grpc.ServiceError;
  t.regex(created.details, /^pool\.autoScaleFormula is not a valid formula: 1:28: /);
  const half = await t.throwsAsync(cluster.api.CreatePool({ pool: { id: 'half', autoScaleFormula: '$TargetDedicatedNodes = 1;' } })) as grpc.ServiceError;
  t.regex(half.details, /^pool\.autoScaleFormula is set but pool\.enableAutoScale is false/);
  // A pool created with a formula is evaluated at once; the default interval is Azure's 15 minutes.
  const born = await cluster.api.CreatePool({ pool: { id: 'born', enableAutoScale: true, autoScaleFormula: '$TargetDedicatedNodes = 2;' } });
  t.is(born.autoScaleEvaluationInterval, '15m');
  t.is(born.autoScaleRun?.targetDedicatedNodes, 2);
  await cluster.api.DeletePool({ poolId: 'born' });
  await cluster.api.DeletePool({ poolId: 'checked' });
});

test.serial('EvaluateAutoScale: every value, slot-aware and runnable demand (dependency-blocked tasks excluded), nothing stored', async (t) => {
  await cluster.api.CreatePool({ pool: { id: 'dry', taskSlotsPerNode: 4 } });
  await cluster.api.CreateJob({ job: { id: 'deps', poolInfo: { poolId: 'dry' }, usesTaskDependencies: true } });
  await cluster.api.AddTask({ jobId: 'deps', task: { id: 'first', commandLine: '/bin/true', requiredSlots: 2 } });
  await cluster.api.AddTask({ jobId: 'deps', task: { id: 'second', commandLine: '/bin/true', dependsOn: { taskIds: ['first'] } } });
  await cluster.api.AddTask({ jobId: 'deps', task: { id: 'third', commandLine: '/bin/true', requiredSlots: 3, dependsOn: { taskIds: ['second'] } } });
  const formula = '$active = $ActiveTasks; $slots = $PendingTaskSlots; $runnable = $RunnableTasks; $runnableSlots = $RunnableTaskSlots;\n'
    + '$nodes = $CurrentDedicatedNodes; $perNode = $TaskSlotsPerNode; $window = TimeInterval_Minute * 2;\n$TargetDedicatedNodes = $runnableSlots / $perNode;';
  const run = await cluster.api.EvaluateAutoScale({ poolId: 'dry', autoScaleFormula: formula });
  const values = Object.fromEntries(run.values.map((v) => [v.name, v.value]));
  t.like(values, { $active: '3', $slots: '6', $runnable: '1', $runnableSlots: '2', $nodes: '0', $perNode: '4', $window: 'PT2M', $TargetDedicatedNodes: '0.5' });
  t.is(run.targetDedicatedNodes, 1, 'rounded');
  t.is(run.error, null);
  t.is((await cluster.api.GetPool({ poolId: 'dry' })).autoScaleRun, null, 'a dry run stores nothing');
  const failing = await cluster.api.EvaluateAutoScale({ poolId: 'dry', autoScaleFormula: '$x = $MemoryBytes + 1;' });
  t.deepEqual(failing.error, { code: 'FormulaError', message: '1:6: troupe does not measure $MemoryBytes: it has no value (it is an empty sample; GetSample returns no values)', line: 1, column: 6 });
  await cluster.api.DeleteJob({ jobId: 'deps' });
});

test.serial('the CLI: pool autoscale enable from a file, evaluate, pool show prints the last run, disable', async (t) => {
  await cluster.api.CreatePool({ pool: { id: 'cli' } });
  const enabled = await troupe(['pool', 'autoscale', 'enable', 'cli', '--formula-file', '-', '--interval', '5s', '-o', 'json'], '$TargetDedicatedNodes = 1 + 1;\n');
  t.is(enabled.code, 0, enabled.stderr);
  const json = JSON.parse(enabled.stdout);
  t.is(json.enableAutoScale, true);
  t.is(json.autoScaleRun.targetDedicatedNodes, 2);
  const shown = await troupe(['pool', 'show', 'cli']);
  t.regex(shown.stdout, /autoscale +every 5s: \$TargetDedicatedNodes = 1 \+ 1;/);
  t.regex(shown.stdout, /last autoscale run +\S+: targets 2 dedicated, 0 low-priority \(requeue\)/);
  const evaluated = await troupe(['pool', 'autoscale', 'evaluate', 'cli', '--formula', '$x = 6 * 7;']);
  t.is(evaluated.code, 0, evaluated.stderr);
  t.regex(evaluated.stdout, /\$x +42/);
  const refused = await troupe(['pool', 'autoscale', 'evaluate', 'cli', '--formula', '$x = 6 *;']);
  t.is(refused.code, 1);
  t.regex(refused.stderr, /autoScaleFormula is not a valid formula: 1:9: expected a value/);
  const both = await troupe(['pool', 'autoscale', 'enable', 'cli', '--formula', 'a', '--formula-file', 'b']);
  t.is(both.code, 2);
  t.regex(both.stderr, /--formula or --formula-file, not both/);
  const disabled = await troupe(['pool', 'autoscale', 'disable', 'cli']);
  t.is(disabled.code, 0, disabled.stderr);
  t.regex(disabled.stdout, /autoscale +disabled/);
  const created = await troupe(['pool', 'create', '--id', 'cli-born', '--formula', '$TargetLowPriorityNodes = 3;', '--interval', '10m', '-o', 'json']);
  t.is(created.code, 0, created.stderr);
  t.like(JSON.parse(created.stdout), { enableAutoScale: true, autoScaleEvaluationInterval: '10m', autoScaleRun: { targetLowPriorityNodes: 3 } });
  await cluster.api.DeletePool({ poolId: 'cli' });
  await cluster.api.DeletePool({ poolId: 'cli-born' });
});

test.serial('a restarted coordinator keeps autoscale enabled and goes on evaluating', async (t) => {
  await cluster.api.CreatePool({ pool: { id: 'kept' } });
  const before = await cluster.api.EnableAutoScale({ poolId: 'kept', autoScaleFormula: '$TargetDedicatedNodes = 1 + $PendingTasks;', autoScaleEvaluationInterval: '5s' });
  t.is(before.autoScaleRun?.targetDedicatedNodes, 1);
  await cluster.coordinator.stop();
  const restarted = Date.now();
  await cluster.startCoordinator();
  const pool = await cluster.api.GetPool({ poolId: 'kept' });
  t.true(pool.enableAutoScale);
  t.is(pool.autoScaleEvaluationInterval, '5s');
  await cluster.api.CreateJob({ job: { id: 'after-restart', poolInfo: { poolId: 'kept' } } });
  await cluster.api.AddTask({ jobId: 'after-restart', task: { id: 'x', commandLine: '/bin/true' } });
  const run = await runOf('kept', (r) => r.targetDedicatedNodes === 2, restarted);
  t.is(run.error, null);
  await cluster.api.DeleteJob({ jobId: 'after-restart' });
});
