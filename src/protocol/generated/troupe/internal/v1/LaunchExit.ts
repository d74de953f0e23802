// Original file: proto/troupe/internal/v1/remote_launch.proto


export interface LaunchExit {
  'exitCode'?: (number);
  'signal'?: (string);
}

export interface LaunchExit__Output {
  'exitCode': (number);
  'signal': (string);
}
