// Original file: proto/troupe/v1/users.proto

import type { AutoUserSpecification as _troupe_v1_AutoUserSpecification, AutoUserSpecification__Output as _troupe_v1_AutoUserSpecification__Output } from '../../troupe/v1/AutoUserSpecification';

export interface UserIdentity {
  'userName'?: (string);
  'autoUser'?: (_troupe_v1_AutoUserSpecification | null);
}

export interface UserIdentity__Output {
  'userName': (string);
  'autoUser': (_troupe_v1_AutoUserSpecification__Output | null);
}
