// Original file: proto/troupe/v1/dependencies.proto


export interface TaskIdRange {
  'start'?: (number);
  'end'?: (number);
}

export interface TaskIdRange__Output {
  'start': (number);
  'end': (number);
}
