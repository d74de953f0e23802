// Original file: proto/troupe/v1/scheduling.proto

import type { Long } from '@grpc/proto-loader';

export interface WaitReason {
  'kind'?: (string);
  'message'?: (string);
  'blocking'?: (boolean);
  'nodeId'?: (string);
  'taskIds'?: (string)[];
  'taskIdCount'?: (number);
  'blockedBy'?: (string)[];
  'blockedByCount'?: (number);
  'jobState'?: (string);
  'runningTasks'?: (number);
  'maxParallelTasks'?: (number);
  'poolId'?: (string);
  'nodes'?: (number);
  'nodeIds'?: (string)[];
  'eligibleNodes'?: (number);
  'requiredSlots'?: (number);
  'bestFreeSlots'?: (number);
  'taskSlotsPerNode'?: (number);
  'instances'?: (number);
  'nodesWithRoom'?: (number);
  'jobsAhead'?: (number);
  'tasksAhead'?: (number | string | Long);
  'queuePosition'?: (number | string | Long);
}

export interface WaitReason__Output {
  'kind': (string);
  'message': (string);
  'blocking': (boolean);
  'nodeId': (string);
  'taskIds': (string)[];
  'taskIdCount': (number);
  'blockedBy': (string)[];
  'blockedByCount': (number);
  'jobState': (string);
  'runningTasks': (number);
  'maxParallelTasks': (number);
  'poolId': (string);
  'nodes': (number);
  'nodeIds': (string)[];
  'eligibleNodes': (number);
  'requiredSlots': (number);
  'bestFreeSlots': (number);
  'taskSlotsPerNode': (number);
  'instances': (number);
  'nodesWithRoom': (number);
  'jobsAhead': (number);
  'tasksAhead': (string);
  'queuePosition': (string);
}
