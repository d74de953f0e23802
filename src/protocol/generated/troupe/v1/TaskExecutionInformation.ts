// Original file: proto/troupe/v1/task.proto

import type { TaskFailureInformation as _troupe_v1_TaskFailureInformation, TaskFailureInformation__Output as _troupe_v1_TaskFailureInformation__Output } from '../../troupe/v1/TaskFailureInformation';
import type { ResourceUsage as _troupe_v1_ResourceUsage, ResourceUsage__Output as _troupe_v1_ResourceUsage__Output } from '../../troupe/v1/ResourceUsage';

export interface TaskExecutionInformation {
  'startTime'?: (string);
  'endTime'?: (string);
  'exitCode'?: (number);
  'result'?: (string);
  'retryCount'?: (number);
  'requeueCount'?: (number);
  'nodeId'?: (string);
  'failureInfo'?: (_troupe_v1_TaskFailureInformation | null);
  'lastRetryTime'?: (string);
  'lastRequeueTime'?: (string);
  'resourceUsage'?: (_troupe_v1_ResourceUsage | null);
  '_exitCode'?: "exitCode";
}

export interface TaskExecutionInformation__Output {
  'startTime': (string);
  'endTime': (string);
  'exitCode'?: (number);
  'result': (string);
  'retryCount': (number);
  'requeueCount': (number);
  'nodeId': (string);
  'failureInfo': (_troupe_v1_TaskFailureInformation__Output | null);
  'lastRetryTime': (string);
  'lastRequeueTime': (string);
  'resourceUsage': (_troupe_v1_ResourceUsage__Output | null);
  '_exitCode'?: "exitCode";
}
