// Follows a list call's pages (nextPageToken), yielding each page as it arrives.
export async function* listPages<R, T>(
  fetch: (pageToken: string) => Promise<{ items: R[]; nextPageToken: string }>,
  map: (item: R) => T,
): AsyncGenerator<T[]> {
  let pageToken = '';
  do {
    const page = await fetch(pageToken);
    yield page.items.map(map);
    pageToken = page.nextPageToken;
  } while (pageToken);
}
