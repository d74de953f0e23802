// The pool resizer against a real JetStream: new targets set while a tick is deciding, from the
// record as it was, that the old resize is done must not be ended with it. The tick ended "the
// resize" on whatever record the store then held, so a ResizePool that came in at that moment
// was dropped: the pool went steady at its new targets with its nodes unremoved (a full suite
// run's pool-resize failure: the task on the node never requeued).
import test from 'ava';
import { openTestState } from './helpers/state-store.ts';
import { PoolResizer } from '../src/coordinator/pools/pool-resizer.ts';
import type { NodeDepartures } from '../src/coordinator/nodes/node-departures.ts';
import type { NodeOperations } from '../src/coordinator/operations/node-operations.ts';
import type { NodeProvider } from '../src/coordinator/providers/node-provider.ts';
import type { NodeRecord, PoolRecord } from '../src/protocol/records/records.ts';
import { silentLogger } from '../src/protocol/log.ts';

/** Collaborators this test's ticks must not reach: a call fails the test. */
function untouchable<T>(what: string): T {
  return new Proxy({}, { get: (_t, prop) => { throw new Error(`${what}.${String(prop)} was used`); } }) as T;
}

test('targets set while a tick ends the resize it planned for: the new resize stays, and its node is then removed', async (t) => {
  const { state } = await openTestState(t, 'resizer');

  const now = new Date().toISOString();
  // A pool resizing to 1 node, which has joined: the next tick finds the resize done.
  const pool: PoolRecord = {
    id: 'b', displayName: '', taskSlotsPerNode: 1, nodeFillType: 'spread', enableInterNodeCommunication: false, state: 'active', creationTime: now,
    scaling: {
      targetDedicatedNodes: 1, targetLowPriorityNodes: 0, resizeTimeoutMs: 900_000, nodeDeallocationOption: 'requeue',
      allocationState: 'resizing', allocationStateTransitionTime: now, resizeStartTime: now, resizeErrors: [],
    },
  } as PoolRecord;
  await state.pools.create('b', pool);
  const node = {
    id: 'b-1', poolId: 'b', address: '127.0.0.1', hostName: 'h', taskSlots: 1, state: 'idle', schedulingState: 'enabled',
    stateTransitionTime: now, lastHeartbeatTime: now, agentStartTime: now, agentVersion: 'test', bootId: 'boot', totalTasksRun: 0, isDedicated: true,
  } as NodeRecord;
  await state.nodes.create('b-1', node);

  const removed: string[] = [];
  const resizer = new PoolResizer(state, untouchable<NodeDepartures>('departures'), untouchable<NodeOperations>('nodes'), () => untouchable<NodeProvider>('provider'), silentLogger);
  // Spy on what the resizer marks for removal (what the next tick then drains).
  const remove = resizer.remove.bind(resizer);
  resizer.remove = (poolId, ids, option) => {
    removed.push(...ids);
    remove(poolId, [], option); // not drained here: this test has no nodes to drain them with
  };

  // ResizePool to 0 lands while the tick decides: its write is in flight, the cache still holds
  // the old record when the tick reads it.
  const later = new Date(Date.parse(now) + 1000).toISOString();
  const resized = state.pools.mutate('b', (p) => ({ ...p, scaling: { ...p.scaling!, targetDedicatedNodes: 0, resizeStartTime: later, allocationState: 'resizing' } }));
  const tick = resizer.tickNow();
  await Promise.all([resized, tick]);

  const after = state.pools.get('b')!.scaling!;
  t.is(after.targetDedicatedNodes, 0);
  t.is(after.allocationState, 'resizing', 'the new resize is not ended by the tick that planned for the old one');
  t.deepEqual(removed, [], 'that tick removed nothing (it planned for 1 node)');

  await resizer.tickNow();
  t.deepEqual(removed, ['b-1'], 'the next tick plans for the new targets: the node is removed');
});
