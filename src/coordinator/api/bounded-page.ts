// A list page bounded by its encoded size as well as by its count, so that any page fits a stock
// gRPC client's 4 MiB receive limit: a default page of 1,000 tasks with 8 KB command lines was
// 16 MB, which such a client refuses as RESOURCE_EXHAUSTED. An item's size is an upper bound of its
// protobuf encoding, walked from its API form (encodedSizeBound): JSON.stringify of every listed
// item did the same job at 3-15 times the cost (4 % of the coordinator's time while it listed).
export const PAGE_BYTES = 2 * 1024 * 1024;

/** A field's tag: 2 bytes for field numbers below 2,048. */
const TAG = 2;
/** The most a scalar field can take: its tag and a 10-byte varint (a negative int32 or int64). */
const SCALAR_MAX = TAG + 10;

/** An upper bound of `value`'s protobuf encoding as one field of a message, counting a default
 *  value as present (an `optional` field's is encoded). Keys cost nothing: the API has no proto
 *  maps. Strings are counted in UTF-8; an int64 is a string in the API form, of at least as many
 *  bytes as its varint unless it is negative. The API has no double fields, whose integers this
 *  would undercount. */
export function encodedSizeBound(value: unknown): number {
  switch (typeof value) {
    case 'string': {
      const size = delimited(Buffer.byteLength(value, 'utf8'));
      return value.charCodeAt(0) === 0x2d /* '-' */ ? Math.max(size, SCALAR_MAX) : size;
    }
    case 'number': return Number.isInteger(value) && value >= 0 && value < 2 ** 28 ? TAG + varintLength(value) : SCALAR_MAX;
    case 'bigint': return SCALAR_MAX;
    case 'boolean': return TAG + 1;
    case 'object': {
      if (value === null) return 0;
      if (value instanceof Uint8Array) return delimited(value.byteLength);
      let n = 0;
      if (Array.isArray(value)) {
        // Each element is a field of its own (packed scalars take less).
        for (const e of value) n += encodedSizeBound(e);
        return n;
      }
      for (const key in value) n += encodedSizeBound((value as Record<string, unknown>)[key]);
      return delimited(n);
    }
    default: return 0;
  }
}

/** A length-delimited field of `length` bytes: tag, length varint, the bytes. */
function delimited(length: number): number {
  return TAG + varintLength(length) + length;
}

function varintLength(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/** Collects a page's items in their API form while they fit. */
export class PageBudget<T, A> {
  readonly items: A[] = [];
  private bytes = 0;

  constructor(private readonly toApi: (item: T) => A, private readonly limit = PAGE_BYTES) {}

  /** Takes `item` if it fits; false when the page is full (the item is not taken). The first
   *  item is always taken: one item of any size the validation allows fits on its own. */
  take(item: T): boolean {
    const api = this.toApi(item);
    const size = encodedSizeBound(api);
    if (this.items.length > 0 && this.bytes + size > this.limit) return false;
    this.bytes += size;
    this.items.push(api);
    return true;
  }
}

/** A page of `sorted` (already past the previous page's key), with the token of the next. */
export function keyPage<T, A>(sorted: readonly T[], maxResults: number, toApi: (item: T) => A, keyOf: (item: T) => string): { items: A[]; nextPageToken: string } {
  const budget = new PageBudget(toApi);
  let i = 0;
  while (i < sorted.length && i < maxResults && budget.take(sorted[i]!)) i++;
  return { items: budget.items, nextPageToken: i < sorted.length ? pageTokenOf(keyOf(sorted[i - 1]!)) : '' };
}

export function pageTokenOf(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/** Jobs are listed by creation time, then id. */
export function jobKey(j: { creationTime: string; id: string }): string {
  return `${j.creationTime}\n${j.id}`;
}
export const JOB_KEY = /^[0-9T:.Z+-]{1,40}\n[A-Za-z0-9_-]{1,64}$/;
/** Nodes are listed by id. */
export const NODE_KEY = /^[A-Za-z0-9_-]{1,64}$/;
