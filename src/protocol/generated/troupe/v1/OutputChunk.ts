// Original file: proto/troupe/v1/task.proto


export interface OutputChunk {
  'data'?: (Buffer | Uint8Array | string);
}

export interface OutputChunk__Output {
  'data': (Buffer);
}
