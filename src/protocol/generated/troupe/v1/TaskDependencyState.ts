// Original file: proto/troupe/v1/dependencies.proto


export interface TaskDependencyState {
  'state'?: (string);
  'waitingOn'?: (string)[];
  'waitingOnCount'?: (number);
  'blockedBy'?: (string)[];
  'blockedByCount'?: (number);
}

export interface TaskDependencyState__Output {
  'state': (string);
  'waitingOn': (string)[];
  'waitingOnCount': (number);
  'blockedBy': (string)[];
  'blockedByCount': (number);
}
