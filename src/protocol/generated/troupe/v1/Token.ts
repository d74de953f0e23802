// Original file: proto/troupe/v1/tokens.proto


export interface Token {
  'id'?: (string);
  'name'?: (string);
  'role'?: (string);
  'creationTime'?: (string);
  'createdBy'?: (string);
  'jobId'?: (string);
}

export interface Token__Output {
  'id': (string);
  'name': (string);
  'role': (string);
  'creationTime': (string);
  'createdBy': (string);
  'jobId': (string);
}
