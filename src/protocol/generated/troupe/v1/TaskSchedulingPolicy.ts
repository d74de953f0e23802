// Original file: proto/troupe/v1/pool.proto


export interface TaskSchedulingPolicy {
  'nodeFillType'?: (string);
}

export interface TaskSchedulingPolicy__Output {
  'nodeFillType': (string);
}
