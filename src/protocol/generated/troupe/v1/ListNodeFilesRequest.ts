// Original file: proto/troupe/v1/node_files.proto


export interface ListNodeFilesRequest {
  'nodeId'?: (string);
  'path'?: (string);
  'recursive'?: (boolean);
}

export interface ListNodeFilesRequest__Output {
  'nodeId': (string);
  'path': (string);
  'recursive': (boolean);
}
