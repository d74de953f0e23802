// Original file: proto/troupe/v1/users.proto


export interface LinuxUserConfiguration {
  'uid'?: (number);
  'gid'?: (number);
}

export interface LinuxUserConfiguration__Output {
  'uid': (number);
  'gid': (number);
}
