// A pool's elastic part as stored in its record: targets, the allocation state of Azure Batch,
// the errors of the last resize, and where its nodes come from (coordinator/providers/).
import type { NodeDeallocationOption } from './node-deallocation.ts';

export const NODE_DEALLOCATION_OPTIONS: readonly NodeDeallocationOption[] = ['requeue', 'terminate', 'taskcompletion', 'retaineddata'];

export type AllocationState =
  /** The pool has its target nodes (or is not trying to change them). */
  | 'steady'
  /** Nodes are being started or removed to reach the targets. */
  | 'resizing'
  /** A stop-resize was asked: what is under way ends, no new node is started or removed. */
  | 'stopping';

export type NodeProviderKind = 'manual' | 'local' | 'command';
export const NODE_PROVIDER_KINDS: readonly NodeProviderKind[] = ['manual', 'local', 'command'];

export interface NodeProviderRecord {
  kind: NodeProviderKind;
  /** command: program and arguments, split on spaces (not run through a shell). */
  startCommand?: string[];
  stopCommand?: string[];
  /** command: a start or stop running longer is killed and fails. */
  commandTimeoutMs?: number;
}

export interface ResizeErrorRecord {
  code: 'ResizeTimeout' | 'NodeStartFailed' | 'NodeStopFailed' | 'CannotStartNodes';
  message: string;
  nodeId?: string;
}

export interface PoolScalingRecord {
  targetDedicatedNodes: number;
  targetLowPriorityNodes: number;
  resizeTimeoutMs: number;
  /** For the nodes the current resize removes. */
  nodeDeallocationOption: NodeDeallocationOption;
  allocationState: AllocationState;
  allocationStateTransitionTime: string;
  /** When the current resize began (its timeout counts from here). */
  resizeStartTime?: string;
  resizeErrors: ResizeErrorRecord[];
}

/** A pool never resized: steady at no target (its manual nodes count, but none is asked for). */
export function steadyScaling(at: string): PoolScalingRecord {
  return {
    targetDedicatedNodes: 0, targetLowPriorityNodes: 0, resizeTimeoutMs: DEFAULT_RESIZE_TIMEOUT_MS, nodeDeallocationOption: 'requeue',
    allocationState: 'steady', allocationStateTransitionTime: at, resizeErrors: [],
  };
}

export const DEFAULT_RESIZE_TIMEOUT_MS = 15 * 60_000;
