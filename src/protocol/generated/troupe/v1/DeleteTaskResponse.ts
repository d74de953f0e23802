// Original file: proto/troupe/v1/task.proto


export interface DeleteTaskResponse {
}

export interface DeleteTaskResponse__Output {
}
