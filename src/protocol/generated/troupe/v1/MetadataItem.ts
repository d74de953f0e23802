// Original file: proto/troupe/v1/metadata.proto


export interface MetadataItem {
  'name'?: (string);
  'value'?: (string);
}

export interface MetadataItem__Output {
  'name': (string);
  'value': (string);
}
