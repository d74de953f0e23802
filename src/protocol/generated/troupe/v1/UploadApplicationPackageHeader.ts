// Original file: proto/troupe/v1/storage.proto


export interface UploadApplicationPackageHeader {
  'applicationId'?: (string);
  'version'?: (string);
  'format'?: (string);
  'replace'?: (boolean);
  'sha256'?: (string);
}

export interface UploadApplicationPackageHeader__Output {
  'applicationId': (string);
  'version': (string);
  'format': (string);
  'replace': (boolean);
  'sha256': (string);
}
