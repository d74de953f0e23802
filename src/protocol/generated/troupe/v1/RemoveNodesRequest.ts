// Original file: proto/troupe/v1/pool_scaling.proto


export interface RemoveNodesRequest {
  'poolId'?: (string);
  'nodeIds'?: (string)[];
  'resizeTimeout'?: (string);
  'nodeDeallocationOption'?: (string);
}

export interface RemoveNodesRequest__Output {
  'poolId': (string);
  'nodeIds': (string)[];
  'resizeTimeout': (string);
  'nodeDeallocationOption': (string);
}
