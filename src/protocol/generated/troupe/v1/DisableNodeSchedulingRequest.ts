// Original file: proto/troupe/v1/node.proto


export interface DisableNodeSchedulingRequest {
  'nodeId'?: (string);
  'nodeDisableSchedulingOption'?: (string);
}

export interface DisableNodeSchedulingRequest__Output {
  'nodeId': (string);
  'nodeDisableSchedulingOption': (string);
}
