// Original file: proto/troupe/v1/dependencies.proto

import type { ExitOptions as _troupe_v1_ExitOptions, ExitOptions__Output as _troupe_v1_ExitOptions__Output } from '../../troupe/v1/ExitOptions';

export interface ExitCodeMapping {
  'code'?: (number);
  'exitOptions'?: (_troupe_v1_ExitOptions | null);
}

export interface ExitCodeMapping__Output {
  'code': (number);
  'exitOptions': (_troupe_v1_ExitOptions__Output | null);
}
