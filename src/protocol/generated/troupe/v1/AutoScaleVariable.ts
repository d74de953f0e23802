// Original file: proto/troupe/v1/autoscale_run.proto


export interface AutoScaleVariable {
  'name'?: (string);
  'value'?: (string);
}

export interface AutoScaleVariable__Output {
  'name': (string);
  'value': (string);
}
