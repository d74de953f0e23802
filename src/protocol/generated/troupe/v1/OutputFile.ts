// Original file: proto/troupe/v1/files.proto


export interface OutputFile {
  'filePattern'?: (string);
  'destination'?: (string);
  'uploadCondition'?: (string);
}

export interface OutputFile__Output {
  'filePattern': (string);
  'destination': (string);
  'uploadCondition': (string);
}
