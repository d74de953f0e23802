// Original file: proto/troupe/v1/storage.proto

import type { Long } from '@grpc/proto-loader';

export interface DownloadFileRequest {
  'path'?: (string);
  'offset'?: (number | string | Long);
  'length'?: (number | string | Long);
}

export interface DownloadFileRequest__Output {
  'path': (string);
  'offset': (string);
  'length': (string);
}
