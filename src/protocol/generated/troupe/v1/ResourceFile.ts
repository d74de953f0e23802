// Original file: proto/troupe/v1/files.proto


export interface ResourceFile {
  'storagePath'?: (string);
  'httpUrl'?: (string);
  'inlineContent'?: (Buffer | Uint8Array | string);
  'filePath'?: (string);
  'fileMode'?: (string);
}

export interface ResourceFile__Output {
  'storagePath': (string);
  'httpUrl': (string);
  'inlineContent': (Buffer);
  'filePath': (string);
  'fileMode': (string);
}
