// Original file: proto/troupe/v1/tokens.proto


export interface CreateTokenRequest {
  'name'?: (string);
  'role'?: (string);
}

export interface CreateTokenRequest__Output {
  'name': (string);
  'role': (string);
}
