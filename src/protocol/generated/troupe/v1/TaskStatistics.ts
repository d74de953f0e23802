// Original file: proto/troupe/v1/statistics.proto


export interface TaskStatistics {
  'userCpuTime'?: (string);
  'kernelCpuTime'?: (string);
  'wallClockTime'?: (string);
  'waitTime'?: (string);
  'maxRssKib'?: (number);
}

export interface TaskStatistics__Output {
  'userCpuTime': (string);
  'kernelCpuTime': (string);
  'wallClockTime': (string);
  'waitTime': (string);
  'maxRssKib': (number);
}
