// Original file: proto/troupe/v1/updates.proto

import type { MetadataPatch as _troupe_v1_MetadataPatch, MetadataPatch__Output as _troupe_v1_MetadataPatch__Output } from '../../troupe/v1/MetadataPatch';

export interface PatchPoolRequest {
  'poolId'?: (string);
  'metadata'?: (_troupe_v1_MetadataPatch | null);
}

export interface PatchPoolRequest__Output {
  'poolId': (string);
  'metadata': (_troupe_v1_MetadataPatch__Output | null);
}
