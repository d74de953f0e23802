// Original file: proto/troupe/v1/tokens.proto


export interface RevokeTokenResponse {
}

export interface RevokeTokenResponse__Output {
}
