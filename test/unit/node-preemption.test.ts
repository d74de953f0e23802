// Preemption's decisions (operations/node-preemption.ts), its control message
// (protocol/nats/node-control.ts) and the worker's notice (worker/preemption.ts), without daemons.
import test from 'ava';
import { mkdtemp, readFile, writeFile, access } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { preemptionRefusal, validatePreemptRequest, DEFAULT_NOTICE_MS } from '../../src/coordinator/operations/node-preemption.ts';
import { nodeControlMessage } from '../../src/protocol/nats/node-control.ts';
import { PreemptionNotice, PREEMPTION_NOTICE_FILE } from '../../src/worker/preemption.ts';
import { endedByItsNode, NODE_PREEMPTED_CODE } from '../../src/coordinator/lifecycle/task-attempt.ts';
import { silentLogger } from '../../src/protocol/log.ts';
import type { NodeRecord } from '../../src/protocol/records/records.ts';

const node = (over: Partial<NodeRecord> = {}): NodeRecord => ({
  id: 'n1', poolId: 'p', address: '127.0.0.1', hostName: 'h', taskSlots: 1, state: 'idle', schedulingState: 'enabled',
  stateTransitionTime: '', lastHeartbeatTime: '', agentStartTime: '', agentVersion: '', bootId: 'b', totalTasksRun: 0, isDedicated: false, ...over,
});

test('only a low-priority node is preempted unless force, and never one that cannot go through it', (t) => {
  t.is(preemptionRefusal(node(), true, false), undefined);
  t.regex(preemptionRefusal(node({ isDedicated: true }), true, false)!, /dedicated.*force/);
  t.regex(preemptionRefusal(node({ isDedicated: undefined }), true, false)!, /dedicated/, 'an older record without the field is dedicated');
  t.is(preemptionRefusal(node({ isDedicated: true }), true, true), undefined);
  t.regex(preemptionRefusal(node({ preemptionDeadline: '2026-01-01T00:00:00.000Z' }), true, false)!, /already under a preemption notice/);
  t.regex(preemptionRefusal(node({ state: 'preempted' }), false, false)!, /already preempted/);
  t.regex(preemptionRefusal(node({ state: 'offline' }), false, false)!, /not heard/);
  t.regex(preemptionRefusal(node(), false, false)!, /not heard/);
  t.regex(preemptionRefusal(node({ state: 'leavingpool' }), true, false)!, /leaving/);
});

test('the request: node id required, notice a duration up to 1h, 30 s by default', (t) => {
  t.deepEqual(validatePreemptRequest({ nodeId: 'n', noticePeriod: '', force: false }), { nodeId: 'n', noticeMs: DEFAULT_NOTICE_MS, force: false });
  t.deepEqual(validatePreemptRequest({ nodeId: 'n', noticePeriod: 'PT2M', force: true }), { nodeId: 'n', noticeMs: 120_000, force: true });
  t.throws(() => validatePreemptRequest({ nodeId: '', noticePeriod: '' }), { message: /nodeId is required/ });
  t.throws(() => validatePreemptRequest({ nodeId: 'n', noticePeriod: '61m' }), { message: /noticePeriod must be at most 1h/ });
  t.throws(() => validatePreemptRequest({ nodeId: 'n', noticePeriod: 'soon' }), { message: /noticePeriod/ });
});

test('a control message is taken only for its node and in a known shape', (t) => {
  const deadline = new Date().toISOString();
  t.deepEqual(nodeControlMessage({ kind: 'preempt', nodeId: 'n1', deadline }, 'n1'), { kind: 'preempt', nodeId: 'n1', deadline });
  t.is(nodeControlMessage({ kind: 'preempt', nodeId: 'n2', deadline }, 'n1'), undefined);
  t.is(nodeControlMessage({ kind: 'preempt', nodeId: 'n1', deadline: 'tomorrow' }, 'n1'), undefined);
  t.is(nodeControlMessage({ kind: 'explode', nodeId: 'n1' }, 'n1'), undefined);
  t.is(nodeControlMessage(null, 'n1'), undefined);
});

test('a task killed by its node\'s preemption is requeued, not retried', (t) => {
  t.true(endedByItsNode({ category: 'servererror', code: NODE_PREEMPTED_CODE, message: '' }));
});

test('the notice: the file with the deadline at once, tasks ended a kill grace before the deadline, then preempted', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'troupe-preempt-'));
  await writeFile(path.join(root, PREEMPTION_NOTICE_FILE), 'stale\n');
  await PreemptionNotice.clearStale(root);
  await t.throwsAsync(access(path.join(root, PREEMPTION_NOTICE_FILE)), undefined, 'a stale notice is gone at start');

  const events: { what: string; at: number; graceMs?: number }[] = [];
  let preempted!: () => void;
  const done = new Promise<void>((r) => { preempted = r; });
  const notice = new PreemptionNotice({
    root, killGraceMs: 400, log: silentLogger,
    endTasks: (graceMs) => events.push({ what: 'end', at: Date.now(), graceMs }),
    tasksEnded: async () => {},
    preempted: () => { events.push({ what: 'preempted', at: Date.now() }); preempted(); },
  });
  t.false(notice.noticed);
  const deadlineMs = Date.now() + 1000;
  const deadline = new Date(deadlineMs).toISOString();
  await notice.notice(deadline);
  t.true(notice.noticed);
  t.is(await readFile(path.join(root, PREEMPTION_NOTICE_FILE), 'utf8'), `${deadline}\n`);
  await notice.notice(new Date(deadlineMs + 60_000).toISOString()); // a second notice: the first stands
  await done;
  t.deepEqual(events.map((e) => e.what), ['end', 'preempted']);
  t.true(events[0]!.at >= deadlineMs - 400 - 5, 'SIGTERM not before the deadline minus the grace');
  t.true(events[0]!.graceMs! <= 400);
  t.true(events[1]!.at >= deadlineMs - 5, 'preempted at the deadline, not before');
  notice.stop();
});
