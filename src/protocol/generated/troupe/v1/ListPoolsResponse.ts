// Original file: proto/troupe/v1/pool.proto

import type { Pool as _troupe_v1_Pool, Pool__Output as _troupe_v1_Pool__Output } from '../../troupe/v1/Pool';

export interface ListPoolsResponse {
  'pools'?: (_troupe_v1_Pool)[];
}

export interface ListPoolsResponse__Output {
  'pools': (_troupe_v1_Pool__Output)[];
}
