// Original file: proto/troupe/v1/metadata.proto

import type { MetadataItem as _troupe_v1_MetadataItem, MetadataItem__Output as _troupe_v1_MetadataItem__Output } from '../../troupe/v1/MetadataItem';

export interface MetadataPatch {
  'items'?: (_troupe_v1_MetadataItem)[];
}

export interface MetadataPatch__Output {
  'items': (_troupe_v1_MetadataItem__Output)[];
}
