// Original file: proto/troupe/v1/pool.proto


export interface ResizeError {
  'code'?: (string);
  'message'?: (string);
  'nodeId'?: (string);
}

export interface ResizeError__Output {
  'code': (string);
  'message': (string);
  'nodeId': (string);
}
