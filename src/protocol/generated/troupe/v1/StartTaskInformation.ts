// Original file: proto/troupe/v1/node_tasks.proto

import type { TaskFailureInformation as _troupe_v1_TaskFailureInformation, TaskFailureInformation__Output as _troupe_v1_TaskFailureInformation__Output } from '../../troupe/v1/TaskFailureInformation';

export interface StartTaskInformation {
  'state'?: (string);
  'startTime'?: (string);
  'endTime'?: (string);
  'exitCode'?: (number);
  'result'?: (string);
  'retryCount'?: (number);
  'failureInfo'?: (_troupe_v1_TaskFailureInformation | null);
  'lastRetryTime'?: (string);
  '_exitCode'?: "exitCode";
}

export interface StartTaskInformation__Output {
  'state': (string);
  'startTime': (string);
  'endTime': (string);
  'exitCode'?: (number);
  'result': (string);
  'retryCount': (number);
  'failureInfo': (_troupe_v1_TaskFailureInformation__Output | null);
  'lastRetryTime': (string);
  '_exitCode'?: "exitCode";
}
