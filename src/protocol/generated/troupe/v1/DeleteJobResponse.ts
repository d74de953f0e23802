// Original file: proto/troupe/v1/job.proto


export interface DeleteJobResponse {
}

export interface DeleteJobResponse__Output {
}
