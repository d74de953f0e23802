// Original file: proto/troupe/v1/node_control.proto


export interface PreemptNodeRequest {
  'nodeId'?: (string);
  'noticePeriod'?: (string);
  'force'?: (boolean);
}

export interface PreemptNodeRequest__Output {
  'nodeId': (string);
  'noticePeriod': (string);
  'force': (boolean);
}
