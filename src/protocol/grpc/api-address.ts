// Where the troupe API listens unless told otherwise: `troupe up`'s and the coordinator's default,
// and where the CLI looks when neither --api nor TROUPE_API is given.
export const DEFAULT_API_ADDRESS = '127.0.0.1:7878';
