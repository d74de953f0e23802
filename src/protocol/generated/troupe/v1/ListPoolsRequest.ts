// Original file: proto/troupe/v1/pool.proto


export interface ListPoolsRequest {
}

export interface ListPoolsRequest__Output {
}
