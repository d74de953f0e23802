// Original file: proto/troupe/v1/tokens.proto


export interface RevokeTokenRequest {
  'tokenId'?: (string);
}

export interface RevokeTokenRequest__Output {
  'tokenId': (string);
}
