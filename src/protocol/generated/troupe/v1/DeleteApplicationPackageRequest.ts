// Original file: proto/troupe/v1/storage.proto


export interface DeleteApplicationPackageRequest {
  'applicationId'?: (string);
  'version'?: (string);
}

export interface DeleteApplicationPackageRequest__Output {
  'applicationId': (string);
  'version': (string);
}
