// Original file: proto/troupe/v1/tokens.proto


export interface WhoAmIRequest {
}

export interface WhoAmIRequest__Output {
}
