// PoolScaling's requests and CreatePool's elastic fields: every refusal names the field and rule.
import test from 'ava';
import { InvalidArgumentError } from '../../src/protocol/errors.ts';
import {
  validateNodeProvider, validatePoolElastic, validateRemoveNodes, validateResizePool,
} from '../../src/coordinator/validation/pool-scaling-validation.ts';
import { pool } from '../helpers/validation-requests.ts';

const resize = (over: Record<string, unknown> = {}) => ({ poolId: 'p', targetDedicatedNodes: 0, targetLowPriorityNodes: 0, resizeTimeout: '', nodeDeallocationOption: '', ...over });
const refusal = (fn: () => unknown) => {
  const err = (() => { try { fn(); } catch (e) { return e; } return undefined; })();
  if (!(err instanceof InvalidArgumentError)) throw new Error(`expected InvalidArgumentError, got ${String(err)}`);
  return err.message;
};

test('ResizePool: defaults, and refusals naming the field', (t) => {
  t.deepEqual(validateResizePool(resize({ targetDedicatedNodes: 2 })), { poolId: 'p', dedicated: 2, lowPriority: 0, resizeTimeoutMs: 15 * 60_000, deallocation: 'requeue' });
  t.regex(refusal(() => validateResizePool(resize({ targetLowPriorityNodes: 1001 }))), /^targetLowPriorityNodes must be an integer 0\.\.1000/);
  t.regex(refusal(() => validateResizePool(resize({ resizeTimeout: '1s' }))), /^resizeTimeout must be at least 5s/);
  t.regex(refusal(() => validateResizePool(resize({ nodeDeallocationOption: 'later' }))), /^nodeDeallocationOption must be one of requeue, terminate, taskcompletion, retaineddata/);
  t.regex(refusal(() => validateResizePool(resize({ poolId: 'a b' }))), /^poolId /);
});

test('RemoveNodes: 1..100 node ids, each checked by its index', (t) => {
  t.deepEqual(validateRemoveNodes({ poolId: 'p', nodeIds: ['n1', 'n1', 'n2'], resizeTimeout: '', nodeDeallocationOption: 'terminate' }).nodeIds, ['n1', 'n2']);
  t.regex(refusal(() => validateRemoveNodes({ poolId: 'p', nodeIds: [], resizeTimeout: '', nodeDeallocationOption: '' })), /^nodeIds must name 1\.\.100 nodes/);
  t.regex(refusal(() => validateRemoveNodes({ poolId: 'p', nodeIds: ['ok', 'not ok'], resizeTimeout: '', nodeDeallocationOption: '' })), /^nodeIds\[1\] /);
});

test('node providers: manual is the default, command needs both scripts, settings only for command', (t) => {
  t.is(validateNodeProvider(null), undefined);
  t.is(validateNodeProvider({ kind: 'manual', startCommand: '', stopCommand: '', commandTimeout: '' }), undefined);
  t.deepEqual(validateNodeProvider({ kind: 'command', startCommand: ' /opt/on.sh  rack7 ', stopCommand: '/opt/off.sh', commandTimeout: '30s' }),
    { kind: 'command', startCommand: ['/opt/on.sh', 'rack7'], stopCommand: ['/opt/off.sh'], commandTimeoutMs: 30_000 });
  t.regex(refusal(() => validateNodeProvider({ kind: 'command', startCommand: '/opt/on.sh', stopCommand: '', commandTimeout: '' })), /pool\.nodeProvider\.stopCommand is required/);
  t.regex(refusal(() => validateNodeProvider({ kind: 'local', startCommand: '/x', stopCommand: '', commandTimeout: '' })), /pool\.nodeProvider\.startCommand is for kind command only/);
});

test('CreatePool targets need a provider that can start nodes', (t) => {
  t.deepEqual(validatePoolElastic(pool()), {});
  t.regex(refusal(() => validatePoolElastic(pool({ targetLowPriorityNodes: 1 }))), /pool\.targetDedicatedNodes needs a node provider/);
  const elastic = validatePoolElastic(pool({ targetDedicatedNodes: 2, nodeProvider: { kind: 'local', startCommand: '', stopCommand: '', commandTimeout: '' } }));
  t.is(elastic.scaling!.allocationState, 'resizing');
  t.is(elastic.scaling!.targetDedicatedNodes, 2);
});
