// Original file: proto/troupe/v1/task.proto


export interface TaskPty {
  'rows'?: (number);
  'cols'?: (number);
}

export interface TaskPty__Output {
  'rows': (number);
  'cols': (number);
}
