// Original file: proto/troupe/v1/statistics.proto


export interface GetJobStatisticsRequest {
  'jobId'?: (string);
}

export interface GetJobStatisticsRequest__Output {
  'jobId': (string);
}
