// Original file: proto/troupe/v1/storage.proto


export interface UploadFileHeader {
  'path'?: (string);
  'sha256'?: (string);
  'ifAbsent'?: (boolean);
}

export interface UploadFileHeader__Output {
  'path': (string);
  'sha256': (string);
  'ifAbsent': (boolean);
}
