// Original file: proto/troupe/v1/storage.proto


export interface DeleteApplicationPackageResponse {
}

export interface DeleteApplicationPackageResponse__Output {
}
