// Original file: proto/troupe/v1/storage.proto

import type { ApplicationPackage as _troupe_v1_ApplicationPackage, ApplicationPackage__Output as _troupe_v1_ApplicationPackage__Output } from '../../troupe/v1/ApplicationPackage';

export interface ListApplicationPackagesResponse {
  'packages'?: (_troupe_v1_ApplicationPackage)[];
}

export interface ListApplicationPackagesResponse__Output {
  'packages': (_troupe_v1_ApplicationPackage__Output)[];
}
