// Original file: proto/troupe/v1/node_files.proto

import type { Long } from '@grpc/proto-loader';

export interface GetTaskFileRequest {
  'jobId'?: (string);
  'taskId'?: (string);
  'path'?: (string);
  'offset'?: (number | string | Long);
  'length'?: (number | string | Long);
}

export interface GetTaskFileRequest__Output {
  'jobId': (string);
  'taskId': (string);
  'path': (string);
  'offset': (string);
  'length': (string);
}
