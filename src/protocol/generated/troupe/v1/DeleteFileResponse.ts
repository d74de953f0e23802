// Original file: proto/troupe/v1/storage.proto


export interface DeleteFileResponse {
  'deleted'?: (number);
}

export interface DeleteFileResponse__Output {
  'deleted': (number);
}
