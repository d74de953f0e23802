// Original file: proto/troupe/v1/autoscale.proto


export interface EnableAutoScaleRequest {
  'poolId'?: (string);
  'autoScaleFormula'?: (string);
  'autoScaleEvaluationInterval'?: (string);
}

export interface EnableAutoScaleRequest__Output {
  'poolId': (string);
  'autoScaleFormula': (string);
  'autoScaleEvaluationInterval': (string);
}
