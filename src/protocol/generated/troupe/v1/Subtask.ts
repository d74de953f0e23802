// Original file: proto/troupe/v1/task.proto

import type { TaskFailureInformation as _troupe_v1_TaskFailureInformation, TaskFailureInformation__Output as _troupe_v1_TaskFailureInformation__Output } from '../../troupe/v1/TaskFailureInformation';
import type { ResourceUsage as _troupe_v1_ResourceUsage, ResourceUsage__Output as _troupe_v1_ResourceUsage__Output } from '../../troupe/v1/ResourceUsage';

export interface Subtask {
  'id'?: (number);
  'nodeId'?: (string);
  'nodeAddress'?: (string);
  'state'?: (string);
  'startTime'?: (string);
  'endTime'?: (string);
  'exitCode'?: (number);
  'result'?: (string);
  'failureInfo'?: (_troupe_v1_TaskFailureInformation | null);
  'slots'?: (number);
  'resourceUsage'?: (_troupe_v1_ResourceUsage | null);
  '_exitCode'?: "exitCode";
}

export interface Subtask__Output {
  'id': (number);
  'nodeId': (string);
  'nodeAddress': (string);
  'state': (string);
  'startTime': (string);
  'endTime': (string);
  'exitCode'?: (number);
  'result': (string);
  'failureInfo': (_troupe_v1_TaskFailureInformation__Output | null);
  'slots': (number);
  'resourceUsage': (_troupe_v1_ResourceUsage__Output | null);
  '_exitCode'?: "exitCode";
}
