// Original file: proto/troupe/v1/node_files.proto

import type { Long } from '@grpc/proto-loader';

export interface NodeFile {
  'name'?: (string);
  'isDirectory'?: (boolean);
  'size'?: (number | string | Long);
  'mtime'?: (string);
}

export interface NodeFile__Output {
  'name': (string);
  'isDirectory': (boolean);
  'size': (string);
  'mtime': (string);
}
