// Original file: proto/troupe/v1/job.proto


export interface JobExecutionInformation {
  'startTime'?: (string);
  'endTime'?: (string);
  'terminateReason'?: (string);
}

export interface JobExecutionInformation__Output {
  'startTime': (string);
  'endTime': (string);
  'terminateReason': (string);
}
