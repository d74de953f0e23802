// Original file: proto/troupe/v1/autoscale.proto


export interface EvaluateAutoScaleRequest {
  'poolId'?: (string);
  'autoScaleFormula'?: (string);
}

export interface EvaluateAutoScaleRequest__Output {
  'poolId': (string);
  'autoScaleFormula': (string);
}
