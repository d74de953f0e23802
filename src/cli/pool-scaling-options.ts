// The elastic options shared by pool create and pool resize / node remove (pool-scaling.ts).
import type { CommandArgs, OptionSpecs } from './args.ts';
import type { NodeProvider } from '../protocol/generated/troupe/v1/NodeProvider.ts';
import { NODE_PROVIDER_KINDS } from '../protocol/records/pool-scaling-records.ts';

export const DEALLOCATION_OPTION: OptionSpecs = {
  deallocation: {
    type: 'string', value: 'WHAT',
    help: 'what happens to the running tasks of nodes that go: requeue (default), terminate, taskcompletion (let them finish) or retaineddata (as taskcompletion)',
  },
};
export const RESIZE_TIMEOUT_OPTION: OptionSpecs = {
  'resize-timeout': { type: 'string', value: 'D', help: 'the resize stops with an error if the targets are not reached by then (default 15m)' },
};

/** pool create's elastic options. */
export const POOL_SCALING_CREATE_OPTIONS: OptionSpecs = {
  'target-dedicated': { type: 'string', value: 'N', help: 'dedicated nodes the pool is to have (its provider starts them), 0..1000' },
  'target-low-priority': { type: 'string', value: 'N', help: 'low-priority nodes the pool is to have, 0..1000' },
  'node-provider': { type: 'string', value: 'KIND', help: 'where its nodes come from: manual (default: workers join by themselves), local (the coordinator starts them: --local-workers-dir), command (--provider-start and --provider-stop scripts)' },
  'provider-start': { type: 'string', value: 'CMD', help: 'command provider: the program (and words) that starts a node, called with NAME POOL dedicated|lowpriority' },
  'provider-stop': { type: 'string', value: 'CMD', help: 'command provider: the program (and words) that stops a node, called with NAME POOL dedicated|lowpriority' },
  'provider-timeout': { type: 'string', value: 'D', help: 'command provider: a start or stop running longer fails (default 5m)' },
  ...RESIZE_TIMEOUT_OPTION,
};

/** The CreatePool fields of those options (the server checks them). */
export function poolScalingFields(a: CommandArgs): { targetDedicatedNodes: number; targetLowPriorityNodes: number; resizeTimeout: string; nodeProvider: NodeProvider | null } {
  const kind = a.choice('node-provider', NODE_PROVIDER_KINDS);
  const start = a.string('provider-start');
  const stop = a.string('provider-stop');
  const timeout = a.string('provider-timeout');
  if ((start !== undefined || stop !== undefined || timeout !== undefined) && kind !== 'command') {
    throw a.usageError('--provider-start, --provider-stop and --provider-timeout are for --node-provider command');
  }
  return {
    targetDedicatedNodes: a.integer('target-dedicated', { min: 0, max: 1000 }) ?? 0,
    targetLowPriorityNodes: a.integer('target-low-priority', { min: 0, max: 1000 }) ?? 0,
    resizeTimeout: a.string('resize-timeout') ?? '',
    nodeProvider: kind ? { kind, startCommand: start ?? '', stopCommand: stop ?? '', commandTimeout: timeout ?? '' } : null,
  };
}

