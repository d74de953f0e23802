// Original file: proto/troupe/v1/storage.proto


export interface DeleteFileRequest {
  'path'?: (string);
}

export interface DeleteFileRequest__Output {
  'path': (string);
}
