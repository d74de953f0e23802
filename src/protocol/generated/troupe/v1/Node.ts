// Original file: proto/troupe/v1/node.proto


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
}
