// Original file: proto/troupe/v1/job_schedule.proto


export interface DeleteJobScheduleResponse {
}

export interface DeleteJobScheduleResponse__Output {
}
