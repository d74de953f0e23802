// Original file: proto/troupe/v1/tokens.proto


export interface ListTokensRequest {
}

export interface ListTokensRequest__Output {
}
