// Original file: proto/troupe/v1/job.proto

import type { Job as _troupe_v1_Job, Job__Output as _troupe_v1_Job__Output } from '../../troupe/v1/Job';

export interface CreateJobRequest {
  'job'?: (_troupe_v1_Job | null);
}

export interface CreateJobRequest__Output {
  'job': (_troupe_v1_Job__Output | null);
}
