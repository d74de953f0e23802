// Original file: proto/troupe/v1/job.proto

import type { Job as _troupe_v1_Job, Job__Output as _troupe_v1_Job__Output } from '../../troupe/v1/Job';

export interface ListJobsResponse {
  'jobs'?: (_troupe_v1_Job)[];
  'nextPageToken'?: (string);
}

export interface ListJobsResponse__Output {
  'jobs': (_troupe_v1_Job__Output)[];
  'nextPageToken': (string);
}
