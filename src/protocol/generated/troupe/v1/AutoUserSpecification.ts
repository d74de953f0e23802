// Original file: proto/troupe/v1/users.proto


export interface AutoUserSpecification {
  'scope'?: (string);
  'elevationLevel'?: (string);
}

export interface AutoUserSpecification__Output {
  'scope': (string);
  'elevationLevel': (string);
}
