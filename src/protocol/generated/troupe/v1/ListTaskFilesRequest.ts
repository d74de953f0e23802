// Original file: proto/troupe/v1/node_files.proto


export interface ListTaskFilesRequest {
  'jobId'?: (string);
  'taskId'?: (string);
  'path'?: (string);
  'recursive'?: (boolean);
}

export interface ListTaskFilesRequest__Output {
  'jobId': (string);
  'taskId': (string);
  'path': (string);
  'recursive': (boolean);
}
