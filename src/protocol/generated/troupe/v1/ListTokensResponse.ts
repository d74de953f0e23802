// Original file: proto/troupe/v1/tokens.proto

import type { Token as _troupe_v1_Token, Token__Output as _troupe_v1_Token__Output } from '../../troupe/v1/Token';

export interface ListTokensResponse {
  'tokens'?: (_troupe_v1_Token)[];
}

export interface ListTokensResponse__Output {
  'tokens': (_troupe_v1_Token__Output)[];
}
