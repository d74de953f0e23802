// Original file: proto/troupe/v1/storage.proto


export interface ListFilesRequest {
  'prefix'?: (string);
  'maxResults'?: (number);
  'pageToken'?: (string);
}

export interface ListFilesRequest__Output {
  'prefix': (string);
  'maxResults': (number);
  'pageToken': (string);
}
