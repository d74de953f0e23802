// Original file: proto/troupe/v1/node_files.proto

import type { Long } from '@grpc/proto-loader';

export interface GetNodeFileRequest {
  'nodeId'?: (string);
  'path'?: (string);
  'offset'?: (number | string | Long);
  'length'?: (number | string | Long);
}

export interface GetNodeFileRequest__Output {
  'nodeId': (string);
  'path': (string);
  'offset': (string);
  'length': (string);
}
