// Original file: proto/troupe/v1/node.proto

import type { Node as _troupe_v1_Node, Node__Output as _troupe_v1_Node__Output } from '../../troupe/v1/Node';

export interface ListNodesResponse {
  'nodes'?: (_troupe_v1_Node)[];
  'nextPageToken'?: (string);
}

export interface ListNodesResponse__Output {
  'nodes': (_troupe_v1_Node__Output)[];
  'nextPageToken': (string);
}
