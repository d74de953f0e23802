// Original file: proto/troupe/v1/pool_scaling.proto


export interface NodeCounts {
  'creating'?: (number);
  'starting'?: (number);
  'idle'?: (number);
  'running'?: (number);
  'waitingForStartTask'?: (number);
  'startTaskFailed'?: (number);
  'offline'?: (number);
  'unusable'?: (number);
  'leavingPool'?: (number);
  'rebooting'?: (number);
  'preempted'?: (number);
  'total'?: (number);
}

export interface NodeCounts__Output {
  'creating': (number);
  'starting': (number);
  'idle': (number);
  'running': (number);
  'waitingForStartTask': (number);
  'startTaskFailed': (number);
  'offline': (number);
  'unusable': (number);
  'leavingPool': (number);
  'rebooting': (number);
  'preempted': (number);
  'total': (number);
}
