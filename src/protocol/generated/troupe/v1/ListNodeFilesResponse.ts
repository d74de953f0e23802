// Original file: proto/troupe/v1/node_files.proto

import type { NodeFile as _troupe_v1_NodeFile, NodeFile__Output as _troupe_v1_NodeFile__Output } from '../../troupe/v1/NodeFile';

export interface ListNodeFilesResponse {
  'files'?: (_troupe_v1_NodeFile)[];
  'truncated'?: (boolean);
}

export interface ListNodeFilesResponse__Output {
  'files': (_troupe_v1_NodeFile__Output)[];
  'truncated': (boolean);
}
