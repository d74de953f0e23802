// Original file: proto/troupe/v1/pool_scaling.proto


export interface RebootNodeRequest {
  'nodeId'?: (string);
  'nodeRebootOption'?: (string);
}

export interface RebootNodeRequest__Output {
  'nodeId': (string);
  'nodeRebootOption': (string);
}
