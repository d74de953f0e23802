// Original file: proto/troupe/v1/token_settings.proto


export interface AuthenticationTokenSettings {
  'access'?: (string)[];
}

export interface AuthenticationTokenSettings__Output {
  'access': (string)[];
}
