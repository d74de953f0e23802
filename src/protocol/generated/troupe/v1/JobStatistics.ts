// Original file: proto/troupe/v1/job_statistics.proto

import type { TaskCounts as _troupe_v1_TaskCounts, TaskCounts__Output as _troupe_v1_TaskCounts__Output } from '../../troupe/v1/TaskCounts';

export interface JobStatistics {
  'jobId'?: (string);
  'taskCounts'?: (_troupe_v1_TaskCounts | null);
  'numSucceededTasks'?: (number);
  'numFailedTasks'?: (number);
  'numTaskRetries'?: (number);
  'numTaskRequeues'?: (number);
  'userCpuTime'?: (string);
  'kernelCpuTime'?: (string);
  'wallClockTime'?: (string);
  'waitTime'?: (string);
  'minTaskDuration'?: (string);
  'avgTaskDuration'?: (string);
  'maxTaskDuration'?: (string);
  'maxRssKib'?: (number);
  'startTime'?: (string);
  'lastUpdateTime'?: (string);
}

export interface JobStatistics__Output {
  'jobId': (string);
  'taskCounts': (_troupe_v1_TaskCounts__Output | null);
  'numSucceededTasks': (number);
  'numFailedTasks': (number);
  'numTaskRetries': (number);
  'numTaskRequeues': (number);
  'userCpuTime': (string);
  'kernelCpuTime': (string);
  'wallClockTime': (string);
  'waitTime': (string);
  'minTaskDuration': (string);
  'avgTaskDuration': (string);
  'maxTaskDuration': (string);
  'maxRssKib': (number);
  'startTime': (string);
  'lastUpdateTime': (string);
}
