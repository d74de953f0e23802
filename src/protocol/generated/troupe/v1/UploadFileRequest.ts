// Original file: proto/troupe/v1/storage.proto

import type { UploadFileHeader as _troupe_v1_UploadFileHeader, UploadFileHeader__Output as _troupe_v1_UploadFileHeader__Output } from '../../troupe/v1/UploadFileHeader';

export interface UploadFileRequest {
  'header'?: (_troupe_v1_UploadFileHeader | null);
  'chunk'?: (Buffer | Uint8Array | string);
  'sha256'?: (string);
  'part'?: "header"|"chunk"|"sha256";
}

export interface UploadFileRequest__Output {
  'header'?: (_troupe_v1_UploadFileHeader__Output | null);
  'chunk'?: (Buffer);
  'sha256'?: (string);
  'part'?: "header"|"chunk"|"sha256";
}
