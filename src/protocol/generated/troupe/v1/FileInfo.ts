// Original file: proto/troupe/v1/storage.proto

import type { Long } from '@grpc/proto-loader';

export interface FileInfo {
  'path'?: (string);
  'size'?: (number | string | Long);
  'sha256'?: (string);
  'lastModified'?: (string);
}

export interface FileInfo__Output {
  'path': (string);
  'size': (string);
  'sha256': (string);
  'lastModified': (string);
}
