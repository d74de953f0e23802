// Original file: proto/troupe/v1/storage.proto


export interface ListApplicationPackagesRequest {
  'applicationId'?: (string);
}

export interface ListApplicationPackagesRequest__Output {
  'applicationId': (string);
}
