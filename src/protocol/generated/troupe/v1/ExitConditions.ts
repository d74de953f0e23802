// Original file: proto/troupe/v1/dependencies.proto

import type { ExitCodeMapping as _troupe_v1_ExitCodeMapping, ExitCodeMapping__Output as _troupe_v1_ExitCodeMapping__Output } from '../../troupe/v1/ExitCodeMapping';
import type { ExitCodeRangeMapping as _troupe_v1_ExitCodeRangeMapping, ExitCodeRangeMapping__Output as _troupe_v1_ExitCodeRangeMapping__Output } from '../../troupe/v1/ExitCodeRangeMapping';
import type { ExitOptions as _troupe_v1_ExitOptions, ExitOptions__Output as _troupe_v1_ExitOptions__Output } from '../../troupe/v1/ExitOptions';

export interface ExitConditions {
  'exitCodes'?: (_troupe_v1_ExitCodeMapping)[];
  'exitCodeRanges'?: (_troupe_v1_ExitCodeRangeMapping)[];
  'preProcessingError'?: (_troupe_v1_ExitOptions | null);
  'fileUploadError'?: (_troupe_v1_ExitOptions | null);
  'defaultAction'?: (_troupe_v1_ExitOptions | null);
}

export interface ExitConditions__Output {
  'exitCodes': (_troupe_v1_ExitCodeMapping__Output)[];
  'exitCodeRanges': (_troupe_v1_ExitCodeRangeMapping__Output)[];
  'preProcessingError': (_troupe_v1_ExitOptions__Output | null);
  'fileUploadError': (_troupe_v1_ExitOptions__Output | null);
  'defaultAction': (_troupe_v1_ExitOptions__Output | null);
}
