// Original file: proto/troupe/v1/common.proto


export interface ErrorDetail {
  'code'?: (string);
  'message'?: (string);
}

export interface ErrorDetail__Output {
  'code': (string);
  'message': (string);
}
