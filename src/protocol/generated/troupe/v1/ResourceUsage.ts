// Original file: proto/troupe/v1/statistics.proto


export interface ResourceUsage {
  'userCpuTime'?: (string);
  'kernelCpuTime'?: (string);
  'maxRssKib'?: (number);
}

export interface ResourceUsage__Output {
  'userCpuTime': (string);
  'kernelCpuTime': (string);
  'maxRssKib': (number);
}
