// Original file: proto/troupe/v1/node_control.proto

import type { Node as _troupe_v1_Node, Node__Output as _troupe_v1_Node__Output } from '../../troupe/v1/Node';

export interface PreemptNodeResponse {
  'node'?: (_troupe_v1_Node | null);
}

export interface PreemptNodeResponse__Output {
  'node': (_troupe_v1_Node__Output | null);
}
