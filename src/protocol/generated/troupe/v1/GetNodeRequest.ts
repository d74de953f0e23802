// Original file: proto/troupe/v1/node.proto


export interface GetNodeRequest {
  'nodeId'?: (string);
}

export interface GetNodeRequest__Output {
  'nodeId': (string);
}
