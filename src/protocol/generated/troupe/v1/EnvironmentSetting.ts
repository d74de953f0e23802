// Original file: proto/troupe/v1/common.proto


export interface EnvironmentSetting {
  'name'?: (string);
  'value'?: (string);
}

export interface EnvironmentSetting__Output {
  'name': (string);
  'value': (string);
}
