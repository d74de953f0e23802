// Original file: proto/troupe/v1/terminal.proto


export interface WindowSize {
  'rows'?: (number);
  'cols'?: (number);
}

export interface WindowSize__Output {
  'rows': (number);
  'cols': (number);
}
