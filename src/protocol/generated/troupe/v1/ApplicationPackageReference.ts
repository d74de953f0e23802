// Original file: proto/troupe/v1/files.proto


export interface ApplicationPackageReference {
  'applicationId'?: (string);
  'version'?: (string);
}

export interface ApplicationPackageReference__Output {
  'applicationId': (string);
  'version': (string);
}
