// Original file: proto/troupe/v1/tokens.proto

import type { Token as _troupe_v1_Token, Token__Output as _troupe_v1_Token__Output } from '../../troupe/v1/Token';

export interface CreateTokenResponse {
  'token'?: (_troupe_v1_Token | null);
  'secret'?: (string);
}

export interface CreateTokenResponse__Output {
  'token': (_troupe_v1_Token__Output | null);
  'secret': (string);
}
