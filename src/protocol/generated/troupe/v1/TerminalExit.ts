// Original file: proto/troupe/v1/terminal.proto


export interface TerminalExit {
  'exitCode'?: (number);
  'signal'?: (string);
}

export interface TerminalExit__Output {
  'exitCode': (number);
  'signal': (string);
}
