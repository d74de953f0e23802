// Original file: proto/troupe/v1/job.proto


export interface TaskCounts {
  'active'?: (number);
  'running'?: (number);
  'completed'?: (number);
  'succeeded'?: (number);
  'failed'?: (number);
}

export interface TaskCounts__Output {
  'active': (number);
  'running': (number);
  'completed': (number);
  'succeeded': (number);
  'failed': (number);
}
