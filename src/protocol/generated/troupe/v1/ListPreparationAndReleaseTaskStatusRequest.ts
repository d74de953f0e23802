// Original file: proto/troupe/v1/node_tasks.proto


export interface ListPreparationAndReleaseTaskStatusRequest {
  'jobId'?: (string);
}

export interface ListPreparationAndReleaseTaskStatusRequest__Output {
  'jobId': (string);
}
