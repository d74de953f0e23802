// Original file: proto/troupe/v1/pool_scaling.proto


export interface RebootNodeResponse {
}

export interface RebootNodeResponse__Output {
}
