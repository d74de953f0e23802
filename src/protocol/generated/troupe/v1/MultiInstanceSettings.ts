// Original file: proto/troupe/v1/task.proto


export interface MultiInstanceSettings {
  'numberOfInstances'?: (number);
  'coordinationCommandLine'?: (string);
  'coordinationCommandArgs'?: (string)[];
}

export interface MultiInstanceSettings__Output {
  'numberOfInstances': (number);
  'coordinationCommandLine': (string);
  'coordinationCommandArgs': (string)[];
}
