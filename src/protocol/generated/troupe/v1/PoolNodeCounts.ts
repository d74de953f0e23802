// Original file: proto/troupe/v1/pool_scaling.proto

import type { NodeCounts as _troupe_v1_NodeCounts, NodeCounts__Output as _troupe_v1_NodeCounts__Output } from '../../troupe/v1/NodeCounts';

export interface PoolNodeCounts {
  'poolId'?: (string);
  'dedicated'?: (_troupe_v1_NodeCounts | null);
  'lowPriority'?: (_troupe_v1_NodeCounts | null);
}

export interface PoolNodeCounts__Output {
  'poolId': (string);
  'dedicated': (_troupe_v1_NodeCounts__Output | null);
  'lowPriority': (_troupe_v1_NodeCounts__Output | null);
}
