// Original file: proto/troupe/v1/pool.proto

import type { Pool as _troupe_v1_Pool, Pool__Output as _troupe_v1_Pool__Output } from '../../troupe/v1/Pool';

export interface CreatePoolRequest {
  'pool'?: (_troupe_v1_Pool | null);
}

export interface CreatePoolRequest__Output {
  'pool': (_troupe_v1_Pool__Output | null);
}
