// Original file: proto/troupe/v1/storage.proto

import type { Long } from '@grpc/proto-loader';

export interface ApplicationPackage {
  'applicationId'?: (string);
  'version'?: (string);
  'format'?: (string);
  'size'?: (number | string | Long);
  'sha256'?: (string);
  'lastModified'?: (string);
}

export interface ApplicationPackage__Output {
  'applicationId': (string);
  'version': (string);
  'format': (string);
  'size': (string);
  'sha256': (string);
  'lastModified': (string);
}
