// Original file: proto/troupe/v1/autoscale_run.proto


export interface AutoScaleRunError {
  'code'?: (string);
  'message'?: (string);
  'line'?: (number);
  'column'?: (number);
}

export interface AutoScaleRunError__Output {
  'code': (string);
  'message': (string);
  'line': (number);
  'column': (number);
}
