// Original file: proto/troupe/v1/autoscale_run.proto

import type { AutoScaleVariable as _troupe_v1_AutoScaleVariable, AutoScaleVariable__Output as _troupe_v1_AutoScaleVariable__Output } from '../../troupe/v1/AutoScaleVariable';
import type { AutoScaleRunError as _troupe_v1_AutoScaleRunError, AutoScaleRunError__Output as _troupe_v1_AutoScaleRunError__Output } from '../../troupe/v1/AutoScaleRunError';

export interface AutoScaleRun {
  'timestamp'?: (string);
  'results'?: (string);
  'values'?: (_troupe_v1_AutoScaleVariable)[];
  'error'?: (_troupe_v1_AutoScaleRunError | null);
  'targetDedicatedNodes'?: (number);
  'targetLowPriorityNodes'?: (number);
  'nodeDeallocationOption'?: (string);
}

export interface AutoScaleRun__Output {
  'timestamp': (string);
  'results': (string);
  'values': (_troupe_v1_AutoScaleVariable__Output)[];
  'error': (_troupe_v1_AutoScaleRunError__Output | null);
  'targetDedicatedNodes': (number);
  'targetLowPriorityNodes': (number);
  'nodeDeallocationOption': (string);
}
