// The record changes of a multi-instance task's attempt, without any process (pure functions).
import test from 'ava';
import { applyReport, newTaskRecord } from '../../src/coordinator/lifecycle/task-lifecycle.ts';
import { attemptNodes, dispatchedGang, instancesToEnd } from '../../src/coordinator/lifecycle/multi-instance-lifecycle.ts';
import type { TaskReport } from '../../src/protocol/nats/messages.ts';
import type { JobRecord, NodeRecord, TaskRecord } from '../../src/protocol/records/records.ts';

const NOW = '2026-11-27T10:00:00.000Z';
const job = { id: 'j', poolId: 'p', maxTaskRetryCount: 1, commonEnvironmentSettings: [] } as unknown as JobRecord;
const nodeOf = (id: string) => ({ id, address: `10.0.0.${id.slice(1)}`, launchPort: 7000 }) as unknown as NodeRecord;

function gangTask(maxTaskRetryCount?: number): TaskRecord {
  const t = newTaskRecord('j', {
    id: 'mpi', displayName: '', commandLine: 'mpiexec app', argv: ['mpiexec', 'app'], environmentSettings: [],
    constraints: maxTaskRetryCount === undefined ? {} : { maxTaskRetryCount }, requiredSlots: 1,
    multiInstance: { numberOfInstances: 3, coordinationCommandLine: 'setup', coordinationArgv: ['setup'], wholeNodes: true },
  }, job, 1, NOW);
  return dispatchedGang(t, [{ nodeId: 'n1', slots: 4 }, { nodeId: 'n2', slots: 4 }, { nodeId: 'n3', slots: 4 }], nodeOf, 'token', NOW);
}

const ref = (t: TaskRecord) => ({ jobId: t.jobId, taskId: t.id, uid: t.uid, attempt: t.exec.attempt });
function report(t: TaskRecord, instance: number, r: Partial<TaskReport> & { kind: TaskReport['kind'] }): TaskReport {
  return { ...ref(t), nodeId: `n${instance + 1}`, time: NOW, instance, ...r } as TaskReport;
}
function apply(t: TaskRecord, ...reports: TaskReport[]): TaskRecord {
  for (const r of reports) t = applyReport(t, r, NOW).next ?? t;
  return t;
}
const coordinatedAll = (t: TaskRecord) => apply(t, ...[0, 1, 2].flatMap((i) => [report(t, i, { kind: 'started' }), report(t, i, { kind: 'coordinated', exitCode: 0 })]));

test('dispatch places every instance, with addresses, a new attempt and the primary as the task node', (t) => {
  const g = gangTask();
  t.is(g.state, 'preparing');
  t.is(g.exec.attempt, 1);
  t.is(g.exec.nodeId, 'n1');
  t.deepEqual(g.exec.subtasks?.map((s) => [s.id, s.nodeId, s.address, s.state]), [[0, 'n1', '10.0.0.1', 'preparing'], [1, 'n2', '10.0.0.2', 'preparing'], [2, 'n3', '10.0.0.3', 'preparing']]);
  t.deepEqual(attemptNodes(g), ['n1', 'n2', 'n3']);
});

test('the application is released only when every instance coordinated with exit 0', (t) => {
  let g = gangTask();
  g = apply(g, report(g, 0, { kind: 'started' }), report(g, 0, { kind: 'coordinated', exitCode: 0 }), report(g, 1, { kind: 'coordinated', exitCode: 0 }));
  t.is(g.state, 'running');
  t.false(g.exec.applicationReleased);
  g = apply(g, report(g, 2, { kind: 'coordinated', exitCode: 0 }));
  t.true(g.exec.applicationReleased);
});

test('a failed coordination command ends the attempt for the gang and the retry policy applies', (t) => {
  let g = gangTask();
  g = apply(g, report(g, 2, { kind: 'coordinated', exitCode: 4 }));
  t.is(g.state, 'active', 'retried: one retry left');
  t.is(g.exec.retryCount, 1);
  t.is(g.exec.failureInfo?.code, 'CoordinationCommandFailed');
  t.regex(g.exec.failureInfo?.message ?? '', /subtask 2 \(node n3, 10\.0\.0\.3\): exit code 4/);
  t.deepEqual(instancesToEnd(g).map((e) => [e.nodeId, e.release]), [['n1', false], ['n2', false], ['n3', false]]);
});

test("the primary's exit is the task's; the other instances are then released, and their exits only complete their subtasks", (t) => {
  let g = coordinatedAll(gangTask());
  g = apply(g, report(g, 0, { kind: 'exited', exitCode: 0 }));
  t.is(g.state, 'completed');
  t.is(g.exec.result, 'success');
  t.deepEqual(instancesToEnd(g), [{ nodeId: 'n2', release: true }, { nodeId: 'n3', release: true }]);
  const r = applyReport(g, report(g, 1, { kind: 'exited', exitCode: 0 }), NOW);
  t.is(r.outcome, 'subtask');
  t.is(r.next?.state, 'completed');
  t.is(r.next?.exec.subtasks?.[1]?.state, 'completed');
});

test('another instance ending while the primary runs fails the attempt, naming it', (t) => {
  let g = coordinatedAll(gangTask(0));
  g = apply(g, report(g, 1, { kind: 'exited', failure: { category: 'usererror', code: 'MpiDaemonNoCallback', message: 'no call back' } }));
  t.is(g.state, 'completed');
  t.is(g.exec.result, 'failure');
  t.is(g.exec.failureInfo?.code, 'SubtaskFailed');
  t.regex(g.exec.failureInfo?.message ?? '', /subtask 1 .*MpiDaemonNoCallback: no call back/);
});

test('reports of another attempt, node or instance change nothing', (t) => {
  const g = gangTask();
  t.is(applyReport(g, { ...report(g, 1, { kind: 'started' }), attempt: 7 }, NOW).outcome, 'stale');
  t.is(applyReport(g, { ...report(g, 1, { kind: 'started' }), nodeId: 'n3' }, NOW).outcome, 'stale');
  t.is(applyReport(g, report(g, 5, { kind: 'started' }), NOW).outcome, 'stale');
  t.is(applyReport(g, { ...report(g, 0, { kind: 'started' }), instance: undefined } as TaskReport, NOW).outcome, 'stale');
});

test("a node leaving requeues the whole gang without counting a retry", (t) => {
  let g = coordinatedAll(gangTask());
  g = apply(g, report(g, 2, { kind: 'exited', failure: { category: 'servererror', code: 'NodeLeaving', message: 'bye' } }));
  t.is(g.state, 'active');
  t.is(g.exec.requeueCount, 1);
  t.is(g.exec.retryCount, 0);
});

test('a gang whose node was lost goes back to the queue with no subtask left open; a late instance report still completes its own', (t) => {
  let g = coordinatedAll(gangTask());
  g = apply(g, report(g, 0, { kind: 'exited', exitCode: 255, failure: { category: 'servererror', code: 'MpiNodeLost', message: 'the node at 10.0.0.2 was lost' } }));
  t.is(g.state, 'active', 'requeued');
  t.is(g.exec.requeueCount, 1);
  t.is(g.exec.retryCount, 0);
  t.deepEqual(g.exec.subtasks?.map((s) => s.state), ['completed', 'completed', 'completed'], 'no subtask stays running');
  t.deepEqual(g.exec.subtasks?.map((s) => s.failureInfo?.code), ['MpiNodeLost', 'InstanceEndedWithAttempt', 'InstanceEndedWithAttempt']);
  t.deepEqual(instancesToEnd(g).map((e) => e.nodeId), ['n2', 'n3'], 'the instances still out there are told to end');
  // n3 was alive: its own end replaces what the attempt's end wrote; n2 (lost) never reports.
  g = apply(g, report(g, 2, { kind: 'exited', exitCode: 0, failure: { category: 'usererror', code: 'TaskTerminated', message: 'ended' } }));
  t.is(g.exec.subtasks?.[2]?.failureInfo?.code, 'TaskTerminated');
  t.falsy(g.exec.subtasks?.[2]?.closedWithAttempt);
  t.is(g.exec.subtasks?.[1]?.failureInfo?.code, 'InstanceEndedWithAttempt');
});
