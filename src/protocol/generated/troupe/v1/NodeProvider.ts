// Original file: proto/troupe/v1/pool.proto


export interface NodeProvider {
  'kind'?: (string);
  'startCommand'?: (string);
  'stopCommand'?: (string);
  'commandTimeout'?: (string);
}

export interface NodeProvider__Output {
  'kind': (string);
  'startCommand': (string);
  'stopCommand': (string);
  'commandTimeout': (string);
}
