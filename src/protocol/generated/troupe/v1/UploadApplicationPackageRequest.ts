// Original file: proto/troupe/v1/storage.proto

import type { UploadApplicationPackageHeader as _troupe_v1_UploadApplicationPackageHeader, UploadApplicationPackageHeader__Output as _troupe_v1_UploadApplicationPackageHeader__Output } from '../../troupe/v1/UploadApplicationPackageHeader';

export interface UploadApplicationPackageRequest {
  'header'?: (_troupe_v1_UploadApplicationPackageHeader | null);
  'chunk'?: (Buffer | Uint8Array | string);
  'sha256'?: (string);
  'part'?: "header"|"chunk"|"sha256";
}

export interface UploadApplicationPackageRequest__Output {
  'header'?: (_troupe_v1_UploadApplicationPackageHeader__Output | null);
  'chunk'?: (Buffer);
  'sha256'?: (string);
  'part'?: "header"|"chunk"|"sha256";
}
