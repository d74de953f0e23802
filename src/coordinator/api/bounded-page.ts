// A list page bounded by its encoded size as well as by its count, so that any page fits a stock
// gRPC client's 4 MiB receive limit: a default page of 1,000 tasks with 8 KB command lines was
// 16 MB, which such a client refuses as RESOURCE_EXHAUSTED. An item's size is its JSON in UTF-8,
// an upper bound of its protobuf encoding (which leaves out defaults, keys and quotes).
export const PAGE_BYTES = 2 * 1024 * 1024;

/** Collects a page's items in their API form while they fit. */
export class PageBudget<T, A> {
  readonly items: A[] = [];
  private bytes = 0;

  constructor(private readonly toApi: (item: T) => A, private readonly limit = PAGE_BYTES) {}

  /** Takes `item` if it fits; false when the page is full (the item is not taken). The first
   *  item is always taken: one item of any size the validation allows fits on its own. */
  take(item: T): boolean {
    const api = this.toApi(item);
    const size = Buffer.byteLength(JSON.stringify(api));
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
