// Original file: proto/troupe/v1/node.proto


export interface ListNodesRequest {
  'poolId'?: (string);
  'maxResults'?: (number);
  'pageToken'?: (string);
  'filter'?: (string);
  'select'?: (string);
}

export interface ListNodesRequest__Output {
  'poolId': (string);
  'maxResults': (number);
  'pageToken': (string);
  'filter': (string);
  'select': (string);
}
