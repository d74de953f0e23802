// Original file: proto/troupe/v1/job_statistics.proto


export interface GetJobStatisticsRequest {
  'jobId'?: (string);
}

export interface GetJobStatisticsRequest__Output {
  'jobId': (string);
}
