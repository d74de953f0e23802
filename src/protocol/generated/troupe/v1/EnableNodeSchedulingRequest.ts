// Original file: proto/troupe/v1/node.proto


export interface EnableNodeSchedulingRequest {
  'nodeId'?: (string);
}

export interface EnableNodeSchedulingRequest__Output {
  'nodeId': (string);
}
