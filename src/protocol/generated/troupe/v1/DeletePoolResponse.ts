// Original file: proto/troupe/v1/pool.proto


export interface DeletePoolResponse {
}

export interface DeletePoolResponse__Output {
}
