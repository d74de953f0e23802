// What `troupe up` starts unless told otherwise (its options' defaults, shown in --help).
import { DEFAULT_API_ADDRESS } from '../../protocol/grpc/api-address.ts';

export const LOCAL_CLUSTER_DEFAULTS = { workers: 2, slots: 4, poolId: 'local', listen: DEFAULT_API_ADDRESS };
