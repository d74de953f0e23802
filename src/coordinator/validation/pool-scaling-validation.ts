// Requests of the PoolScaling service and the elastic fields of CreatePool, from "as the client
// sent them" to checked values: every refusal names the field and the rule.
import { InvalidArgumentError } from '../../protocol/errors.ts';
import { parseDuration } from '../../protocol/duration.ts';
import type { NodeDeallocationOption } from '../../protocol/records/node-deallocation.ts';
import {
  DEFAULT_RESIZE_TIMEOUT_MS, NODE_DEALLOCATION_OPTIONS, NODE_PROVIDER_KINDS,
  type NodeProviderKind, type NodeProviderRecord,
} from '../../protocol/records/pool-scaling-records.ts';
import type { NodeProvider__Output } from '../../protocol/generated/troupe/v1/NodeProvider.ts';
import type { ResizePoolRequest__Output } from '../../protocol/generated/troupe/v1/ResizePoolRequest.ts';
import type { RemoveNodesRequest__Output } from '../../protocol/generated/troupe/v1/RemoveNodesRequest.ts';
import type { Pool__Output } from '../../protocol/generated/troupe/v1/Pool.ts';
import type { PoolScalingRecord } from '../../protocol/records/pool-scaling-records.ts';
import { validateId } from './validation.ts';

/** Most nodes one pool may be asked for, per priority. */
export const MAX_TARGET_NODES = 1000;
export const MIN_RESIZE_TIMEOUT_MS = 5000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 5 * 60_000;

export function validateTarget(value: number | undefined | null, field: string): number {
  const v = value ?? 0;
  if (!Number.isInteger(v) || v < 0 || v > MAX_TARGET_NODES) throw new InvalidArgumentError(field, `must be an integer 0..${MAX_TARGET_NODES}`);
  return v;
}

export function validateResizeTimeout(text: string | undefined | null, field: string): number {
  const ms = parseDuration(text ?? '', field) ?? DEFAULT_RESIZE_TIMEOUT_MS;
  if (ms < MIN_RESIZE_TIMEOUT_MS) throw new InvalidArgumentError(field, 'must be at least 5s');
  return ms;
}

export function validateDeallocation(text: string | undefined | null, field: string): NodeDeallocationOption {
  if (!text) return 'requeue';
  if (!(NODE_DEALLOCATION_OPTIONS as readonly string[]).includes(text)) throw new InvalidArgumentError(field, `must be one of ${NODE_DEALLOCATION_OPTIONS.join(', ')}`);
  return text as NodeDeallocationOption;
}

function words(text: string | undefined | null): string[] {
  return (text ?? '').split(/\s+/).filter((w) => w !== '');
}

/** A pool's node provider as CreatePool takes it; absent = manual. */
export function validateNodeProvider(p: NodeProvider__Output | null | undefined, field = 'pool.nodeProvider'): NodeProviderRecord | undefined {
  if (!p) return undefined;
  const kind = (p.kind || 'manual') as NodeProviderKind;
  if (!NODE_PROVIDER_KINDS.includes(kind)) throw new InvalidArgumentError(`${field}.kind`, `must be one of ${NODE_PROVIDER_KINDS.join(', ')}`);
  const startCommand = words(p.startCommand);
  const stopCommand = words(p.stopCommand);
  if (kind !== 'command') {
    if (startCommand.length || stopCommand.length || p.commandTimeout) throw new InvalidArgumentError(`${field}.startCommand`, 'is for kind command only');
    return kind === 'manual' ? undefined : { kind };
  }
  if (startCommand.length === 0) throw new InvalidArgumentError(`${field}.startCommand`, 'is required for kind command');
  if (stopCommand.length === 0) throw new InvalidArgumentError(`${field}.stopCommand`, 'is required for kind command');
  const commandTimeoutMs = parseDuration(p.commandTimeout ?? '', `${field}.commandTimeout`) ?? DEFAULT_COMMAND_TIMEOUT_MS;
  if (commandTimeoutMs < 1000) throw new InvalidArgumentError(`${field}.commandTimeout`, 'must be at least 1s');
  return { kind, startCommand, stopCommand, commandTimeoutMs };
}

export interface ResizeCommand {
  poolId: string;
  dedicated: number;
  lowPriority: number;
  resizeTimeoutMs: number;
  deallocation: NodeDeallocationOption;
}

export function validateResizePool(req: ResizePoolRequest__Output): ResizeCommand {
  return {
    poolId: validateId('pool', req.poolId, 'poolId'),
    dedicated: validateTarget(req.targetDedicatedNodes, 'targetDedicatedNodes'),
    lowPriority: validateTarget(req.targetLowPriorityNodes, 'targetLowPriorityNodes'),
    resizeTimeoutMs: validateResizeTimeout(req.resizeTimeout, 'resizeTimeout'),
    deallocation: validateDeallocation(req.nodeDeallocationOption, 'nodeDeallocationOption'),
  };
}

export interface RemoveNodesCommand {
  poolId: string;
  nodeIds: string[];
  resizeTimeoutMs: number;
  deallocation: NodeDeallocationOption;
}

export function validateRemoveNodes(req: RemoveNodesRequest__Output): RemoveNodesCommand {
  const poolId = validateId('pool', req.poolId, 'poolId');
  const ids = req.nodeIds ?? [];
  if (ids.length < 1 || ids.length > 100) throw new InvalidArgumentError('nodeIds', 'must name 1..100 nodes');
  const nodeIds = [...new Set(ids.map((id, i) => validateId('node', id, `nodeIds[${i}]`)))];
  return {
    poolId, nodeIds,
    resizeTimeoutMs: validateResizeTimeout(req.resizeTimeout, 'resizeTimeout'),
    deallocation: validateDeallocation(req.nodeDeallocationOption, 'nodeDeallocationOption'),
  };
}

/** CreatePool's elastic fields: the provider, and targets to reach from the start (then the
 *  pool is resizing from its creation). Output-only fields are ignored, as elsewhere. */
export function validatePoolElastic(pool: Pool__Output | null | undefined): { nodeProvider?: NodeProviderRecord; scaling?: Omit<PoolScalingRecord, 'allocationStateTransitionTime'> } {
  if (!pool) return {};
  const nodeProvider = validateNodeProvider(pool.nodeProvider);
  const dedicated = validateTarget(pool.targetDedicatedNodes, 'pool.targetDedicatedNodes');
  const lowPriority = validateTarget(pool.targetLowPriorityNodes, 'pool.targetLowPriorityNodes');
  const resizeTimeoutMs = validateResizeTimeout(pool.resizeTimeout, 'pool.resizeTimeout');
  if (dedicated + lowPriority > 0 && !nodeProvider) {
    throw new InvalidArgumentError('pool.targetDedicatedNodes', 'needs a node provider that can start nodes (pool.nodeProvider.kind local or command): a manual pool gets the nodes that join it');
  }
  if (dedicated + lowPriority === 0) return nodeProvider ? { nodeProvider } : {};
  return {
    ...(nodeProvider ? { nodeProvider } : {}),
    scaling: {
      targetDedicatedNodes: dedicated, targetLowPriorityNodes: lowPriority, resizeTimeoutMs, nodeDeallocationOption: 'requeue',
      allocationState: 'resizing', resizeErrors: [],
    },
  };
}
