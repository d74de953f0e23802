// Original file: proto/troupe/v1/pool_scaling.proto


export interface ResizePoolRequest {
  'poolId'?: (string);
  'targetDedicatedNodes'?: (number);
  'targetLowPriorityNodes'?: (number);
  'resizeTimeout'?: (string);
  'nodeDeallocationOption'?: (string);
}

export interface ResizePoolRequest__Output {
  'poolId': (string);
  'targetDedicatedNodes': (number);
  'targetLowPriorityNodes': (number);
  'resizeTimeout': (string);
  'nodeDeallocationOption': (string);
}
