// Original file: proto/troupe/v1/node.proto

import type { StartTaskInformation as _troupe_v1_StartTaskInformation, StartTaskInformation__Output as _troupe_v1_StartTaskInformation__Output } from '../../troupe/v1/StartTaskInformation';

export interface Node {
  'id'?: (string);
  'poolId'?: (string);
  'state'?: (string);
  'schedulingState'?: (string);
  'address'?: (string);
  'taskSlots'?: (number);
  'runningTaskSlots'?: (number);
  'runningTasksCount'?: (number);
  'totalTasksRun'?: (number);
  'stateTransitionTime'?: (string);
  'lastHeartbeatTime'?: (string);
  'agentStartTime'?: (string);
  'hostName'?: (string);
  'agentVersion'?: (string);
  'taskContainment'?: (string);
  'resourceLimits'?: (string);
  'isDedicated'?: (boolean);
  'startTaskInfo'?: (_troupe_v1_StartTaskInformation | null);
  'taskUserIsolation'?: (string);
  'gpuIds'?: (string)[];
  'gpuIdsInUse'?: (string)[];
  'preemptionDeadline'?: (string);
}

export interface Node__Output {
  'id': (string);
  'poolId': (string);
  'state': (string);
  'schedulingState': (string);
  'address': (string);
  'taskSlots': (number);
  'runningTaskSlots': (number);
  'runningTasksCount': (number);
  'totalTasksRun': (number);
  'stateTransitionTime': (string);
  'lastHeartbeatTime': (string);
  'agentStartTime': (string);
  'hostName': (string);
  'agentVersion': (string);
  'taskContainment': (string);
  'resourceLimits': (string);
  'isDedicated': (boolean);
  'startTaskInfo': (_troupe_v1_StartTaskInformation__Output | null);
  'taskUserIsolation': (string);
  'gpuIds': (string)[];
  'gpuIdsInUse': (string)[];
  'preemptionDeadline': (string);
}
