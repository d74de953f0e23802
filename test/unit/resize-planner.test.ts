// The resize planner alone (pure): what to start, what to remove and in what order.
import test from 'ava';
import { nodeName, planResize, type PlannedNode } from '../../src/coordinator/pools/resize-planner.ts';

const node = (id: string, state: string, runningTasks = 0, dedicated = true): PlannedNode => ({ id, state, runningTasks, dedicated });

test('growing starts the missing nodes of each priority under new names, never one in use', (t) => {
  const plan = planResize('p', [node('p-1', 'idle')], { dedicated: 3, lowPriority: 1 }, new Set(['p-1', 'p-2']));
  t.deepEqual(plan.start, [{ name: 'p-3', dedicated: true }, { name: 'p-4', dedicated: true }, { name: 'p-5', dedicated: false }]);
  t.deepEqual(plan.remove, []);
});

test('shrinking removes pending starts first, then nodes that cannot work, then idle ones, then the least busy', (t) => {
  const nodes = [
    node('p-1', 'running', 3), node('p-2', 'running', 1), node('p-3', 'idle'), node('p-4', 'offline'), node('p-5', 'pending'), node('p-6', 'running', 2),
  ];
  t.deepEqual(planResize('p', nodes, { dedicated: 5, lowPriority: 0 }, new Set()).remove, ['p-5']);
  t.deepEqual(planResize('p', nodes, { dedicated: 3, lowPriority: 0 }, new Set()).remove, ['p-5', 'p-4', 'p-3']);
  t.deepEqual(planResize('p', nodes, { dedicated: 1, lowPriority: 0 }, new Set()).remove, ['p-5', 'p-4', 'p-3', 'p-2', 'p-6']);
  t.deepEqual(planResize('p', nodes, { dedicated: 0, lowPriority: 0 }, new Set()).remove.length, 6);
});

test('priorities are planned apart: removing low-priority nodes leaves dedicated ones alone', (t) => {
  const nodes = [node('p-1', 'idle'), node('p-2', 'idle', 0, false), node('p-3', 'running', 1, false)];
  const plan = planResize('p', nodes, { dedicated: 1, lowPriority: 0 }, new Set(nodes.map((n) => n.id)));
  t.deepEqual(plan.remove, ['p-2', 'p-3']);
  t.deepEqual(plan.start, []);
});

test('among equals the newest name goes first; names fit a node id', (t) => {
  const plan = planResize('p', [node('p-2', 'idle'), node('p-10', 'idle'), node('p-9', 'idle')], { dedicated: 2, lowPriority: 0 }, new Set());
  t.deepEqual(plan.remove, ['p-10']);
  t.true(nodeName('x'.repeat(64), 1000).length <= 64);
});

test('at its targets, nothing to do', (t) => {
  t.deepEqual(planResize('p', [node('p-1', 'idle')], { dedicated: 1, lowPriority: 0 }, new Set(['p-1'])), { start: [], remove: [] });
});
