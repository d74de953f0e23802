// Original file: proto/troupe/internal/v1/remote_launch.proto


export interface LaunchStart {
  'jobId'?: (string);
  'taskId'?: (string);
  'uid'?: (string);
  'attempt'?: (number);
  'token'?: (string);
  'host'?: (string);
  'command'?: (string);
}

export interface LaunchStart__Output {
  'jobId': (string);
  'taskId': (string);
  'uid': (string);
  'attempt': (number);
  'token': (string);
  'host': (string);
  'command': (string);
}
