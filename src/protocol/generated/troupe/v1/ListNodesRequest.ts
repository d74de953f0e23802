// Original file: proto/troupe/v1/node.proto


export interface ListNodesRequest {
  'poolId'?: (string);
}

export interface ListNodesRequest__Output {
  'poolId': (string);
}
