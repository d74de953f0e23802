// Original file: proto/troupe/v1/storage.proto


export interface GetApplicationPackageRequest {
  'applicationId'?: (string);
  'version'?: (string);
}

export interface GetApplicationPackageRequest__Output {
  'applicationId': (string);
  'version': (string);
}
