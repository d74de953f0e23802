// Original file: proto/troupe/v1/pool_scaling.proto

import type { PoolNodeCounts as _troupe_v1_PoolNodeCounts, PoolNodeCounts__Output as _troupe_v1_PoolNodeCounts__Output } from '../../troupe/v1/PoolNodeCounts';

export interface GetPoolNodeCountsResponse {
  'pools'?: (_troupe_v1_PoolNodeCounts)[];
}

export interface GetPoolNodeCountsResponse__Output {
  'pools': (_troupe_v1_PoolNodeCounts__Output)[];
}
