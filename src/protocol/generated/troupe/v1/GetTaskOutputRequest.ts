// Original file: proto/troupe/v1/task.proto

import type { Long } from '@grpc/proto-loader';

export interface GetTaskOutputRequest {
  'jobId'?: (string);
  'taskId'?: (string);
  'stream'?: (string);
  'offset'?: (number | string | Long);
  'length'?: (number | string | Long);
  'follow'?: (boolean);
  'subtaskId'?: (number);
  '_subtaskId'?: "subtaskId";
}

export interface GetTaskOutputRequest__Output {
  'jobId': (string);
  'taskId': (string);
  'stream': (string);
  'offset': (string);
  'length': (string);
  'follow': (boolean);
  'subtaskId'?: (number);
  '_subtaskId'?: "subtaskId";
}
