// explainTask decides from a snapshot alone: each reason the scheduler has for not starting a
// task, in order, and `eligible` exactly when none holds.
import test from 'ava';
import { explainTask, type ExplainedNode, type ExplainSnapshot } from '../../src/coordinator/scheduling/explain-task.ts';

const node = (id: string, over: Partial<ExplainedNode> = {}): ExplainedNode => ({
  id, state: 'idle', schedulingState: 'enabled', mayTakeWork: true, totalSlots: 4, freeSlots: 4, enforcesMemoryLimits: false, ...over,
});

function snapshot(over: Partial<ExplainSnapshot> = {}): ExplainSnapshot {
  return {
    task: { id: 't', state: 'active', requiredSlots: 1 },
    job: { id: 'j', state: 'active', poolId: 'p', priority: 0, maxParallelTasks: 0, runningTasks: 0 },
    pool: { id: 'p', taskSlotsPerNode: 4 },
    nodes: [node('n1'), node('n2')],
    excludedNodes: [],
    ahead: { jobs: 0, tasks: 0 },
    queuePosition: 0,
    ...over,
  };
}
const kinds = (s: ExplainSnapshot) => explainTask(s).reasons.map((r) => r.kind);

test('a task with room and nothing ahead is eligible', (t) => {
  const e = explainTask(snapshot());
  t.true(e.eligible);
  t.deepEqual(e.reasons.map((r) => r.kind), ['eligible']);
});

test('a task that is not waiting says what it does, and where', (t) => {
  const running = explainTask(snapshot({ task: { id: 't', state: 'running', nodeId: 'n1', requiredSlots: 1 } }));
  t.false(running.eligible);
  t.like(running.reasons, [{ kind: 'taskRunning', nodeId: 'n1' }]);
  t.is(running.reasons.length, 1);
  t.like(explainTask(snapshot({ task: { id: 't', state: 'preparing', nodeId: 'n2', requiredSlots: 1 } })).reasons, [{ kind: 'taskPreparing', nodeId: 'n2' }]);
  const done = explainTask(snapshot({ task: { id: 't', state: 'completed', nodeId: 'n1', exitCode: 3, result: 'failure', requiredSlots: 1 } }));
  t.regex(done.reasons[0]!.message, /failure, exit code 3/);
});

test('dependencies: waiting lists the ids and counts; a blocked one says so first', (t) => {
  const waiting = explainTask(snapshot({ dependencies: { state: 'waiting', waitingOn: ['a', 'b'], waitingOnCount: 2, blockedBy: [], blockedByCount: 0 } }));
  t.false(waiting.eligible);
  t.like(waiting.reasons[0], { kind: 'dependenciesWaiting', blocking: true, taskIds: ['a', 'b'], taskIdCount: 2 });
  const blocked = explainTask(snapshot({ dependencies: { state: 'blocked', waitingOn: ['a'], waitingOnCount: 1, blockedBy: ['x'], blockedByCount: 1 } }));
  t.like(blocked.reasons[0], { kind: 'dependenciesBlocked', blockedBy: ['x'], blockedByCount: 1 });
  t.regex(blocked.reasons[0]!.message, /also waiting on 1: a/);
  t.true(explainTask(snapshot({ dependencies: { state: 'satisfied', waitingOn: [], waitingOnCount: 0, blockedBy: [], blockedByCount: 0 } })).eligible);
});

test('the job: not active, at maxParallelTasks, its job manager not started', (t) => {
  t.deepEqual(kinds(snapshot({ job: { id: 'j', state: 'disabled', poolId: 'p', priority: 0, maxParallelTasks: 0, runningTasks: 0 } })), ['jobDisabled']);
  t.deepEqual(kinds(snapshot({ job: { id: 'j', state: 'terminating', poolId: 'p', priority: 0, maxParallelTasks: 0, runningTasks: 0 } })), ['jobTerminating']);
  const capped = explainTask(snapshot({ job: { id: 'j', state: 'active', poolId: 'p', priority: 0, maxParallelTasks: 2, runningTasks: 2 } }));
  t.like(capped.reasons[0], { kind: 'jobAtMaxParallelTasks', runningTasks: 2, maxParallelTasks: 2 });
  t.true(explainTask(snapshot({ job: { id: 'j', state: 'active', poolId: 'p', priority: 0, maxParallelTasks: 3, runningTasks: 2 } })).eligible);
  t.like(explainTask(snapshot({ heldBackByJobManager: 'jm' })).reasons[0], { kind: 'jobManagerFirst', taskIds: ['jm'] });
});

test('the pool: missing, empty, no node that takes tasks (with why)', (t) => {
  const { pool: _pool, ...noPool } = snapshot();
  t.like(explainTask(noPool).reasons[0], { kind: 'poolMissing', poolId: 'p' });
  t.deepEqual(kinds(snapshot({ nodes: [] })), ['poolEmpty']);
  const none = explainTask(snapshot({ nodes: [node('a', { schedulingState: 'disabled' }), node('b', { state: 'starttaskfailed' }), node('c', { mayTakeWork: false })] }));
  t.like(none.reasons[0], { kind: 'noSchedulableNode', nodes: 3 });
  t.regex(none.reasons[0]!.message, /1 scheduling disabled, 1 starttaskfailed, 1 not heard from/);
});

test('slots: never (more than a node has) or not now (the freest node), after the nodes a task may use', (t) => {
  const never = explainTask(snapshot({ task: { id: 't', state: 'active', requiredSlots: 5 } }));
  t.like(never.reasons[0], { kind: 'slotsInfeasible', requiredSlots: 5, taskSlotsPerNode: 4 });
  const busy = explainTask(snapshot({ task: { id: 't', state: 'active', requiredSlots: 3 }, nodes: [node('a', { freeSlots: 2 }), node('b', { freeSlots: 1 }), node('c', { freeSlots: 4, schedulingState: 'disabled' })] }));
  t.like(busy.reasons[0], { kind: 'noNodeWithFreeSlots', requiredSlots: 3, bestFreeSlots: 2, eligibleNodes: 2 });
  t.like(explainTask(snapshot({ task: { id: 't', state: 'active', requiredSlots: 1, needsMemoryLimit: true } })).reasons[0], { kind: 'noNodeEnforcesMemoryLimit' });
  t.true(explainTask(snapshot({ task: { id: 't', state: 'active', requiredSlots: 1, needsMemoryLimit: true }, nodes: [node('a', { enforcesMemoryLimits: true })] })).eligible);
});

test('nodes excluded by a failed job preparation: noted when others are left, blocking when none is', (t) => {
  const some = explainTask(snapshot({ excludedNodes: ['n1'] }));
  t.true(some.eligible);
  t.like(some.reasons[0], { kind: 'excludedByJobPreparation', blocking: false, nodeIds: ['n1'], eligibleNodes: 1 });
  const all = explainTask(snapshot({ excludedNodes: ['n1', 'n2'] }));
  t.false(all.eligible);
  t.like(all.reasons[0], { kind: 'excludedByJobPreparation', blocking: true, eligibleNodes: 0 });
  // the free slots are judged on the nodes left
  const left = explainTask(snapshot({ excludedNodes: ['n1'], nodes: [node('n1'), node('n2', { freeSlots: 0 })] }));
  t.deepEqual(left.reasons.map((r) => r.kind), ['excludedByJobPreparation', 'noNodeWithFreeSlots']);
});

test('a gang: more instances than nodes is never; fewer nodes with room is held back', (t) => {
  const gang = (instances: number, wholeNodes = true) => ({ id: 't', state: 'active' as const, requiredSlots: 1, instances, wholeNodes });
  t.like(explainTask(snapshot({ task: gang(3) })).reasons[0], { kind: 'gangInfeasible', instances: 3, eligibleNodes: 2 });
  const busy = explainTask(snapshot({ task: gang(2), nodes: [node('n1'), node('n2', { freeSlots: 3 })] }));
  t.like(busy.reasons[0], { kind: 'gangWaiting', instances: 2, nodesWithRoom: 1 });
  t.true(explainTask(snapshot({ task: gang(2, false), nodes: [node('n1'), node('n2', { freeSlots: 3 })] })).eligible);
  t.true(explainTask(snapshot({ task: gang(2) })).eligible);
});

test('an exclusive job manager needs a wholly free node', (t) => {
  const e = explainTask(snapshot({ task: { id: 't', state: 'active', requiredSlots: 1, exclusive: true }, nodes: [node('n1', { freeSlots: 3 })] }));
  t.like(e.reasons[0], { kind: 'exclusiveWaiting', bestFreeSlots: 3 });
});

test('jobs ahead and the place in the queue are noted, never blocking, and every reason comes in order', (t) => {
  const e = explainTask(snapshot({ ahead: { jobs: 2, tasks: 40 }, queuePosition: 7 }));
  t.true(e.eligible);
  t.deepEqual(e.reasons.map((r) => r.kind), ['jobsAhead', 'queuePosition', 'eligible']);
  t.like(e.reasons[0], { jobsAhead: 2, tasksAhead: 40, blocking: false });
  const many = explainTask(snapshot({
    dependencies: { state: 'waiting', waitingOn: ['a'], waitingOnCount: 1, blockedBy: [], blockedByCount: 0 },
    job: { id: 'j', state: 'disabled', poolId: 'p', priority: 0, maxParallelTasks: 1, runningTasks: 1 },
    task: { id: 't', state: 'active', requiredSlots: 8 },
    ahead: { jobs: 1, tasks: 1 },
  }));
  t.deepEqual(many.reasons.map((r) => r.kind), ['dependenciesWaiting', 'jobDisabled', 'jobAtMaxParallelTasks', 'slotsInfeasible', 'jobsAhead']);
});

test('GPUs: more than any node offers waits for a node with them; none free now says so; a node under a preemption notice takes nothing', (t) => {
  const gpuTask = (requiredGpus: number) => ({ id: 't', state: 'active' as const, requiredSlots: 1, requiredGpus });
  const nodes = [node('n1', { totalGpus: 2, freeGpus: 0 }), node('n2', { totalGpus: 1, freeGpus: 1 }), node('cpu')];
  t.deepEqual(kinds(snapshot({ task: gpuTask(3), nodes })), ['gpusInfeasible']);
  t.regex(explainTask(snapshot({ task: gpuTask(3), nodes })).reasons[0]!.message, /3 GPU device\(s\).*offers is 2/);
  t.deepEqual(kinds(snapshot({ task: gpuTask(2), nodes })), ['noNodeWithFreeGpus']);
  t.true(explainTask(snapshot({ task: gpuTask(1), nodes })).eligible);
  t.deepEqual(kinds(snapshot({ task: gpuTask(1), nodes: [node('n2', { totalGpus: 1, freeGpus: 1, freeSlots: 0 })] })), ['noNodeWithFreeGpus'], 'its slots must be free too');
  const noticed = explainTask(snapshot({ nodes: [node('n1', { underPreemptionNotice: true })] }));
  t.like(noticed.reasons[0], { kind: 'noSchedulableNode' });
  t.regex(noticed.reasons[0]!.message, /under a preemption notice/);
});
