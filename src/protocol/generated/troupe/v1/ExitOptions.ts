// Original file: proto/troupe/v1/dependencies.proto


export interface ExitOptions {
  'jobAction'?: (string);
  'dependencyAction'?: (string);
}

export interface ExitOptions__Output {
  'jobAction': (string);
  'dependencyAction': (string);
}
