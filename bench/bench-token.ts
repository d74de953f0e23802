// The admin token of a coordinator a benchmark started in its own process (--admin-token-file
// in `dir`): these benchmarks run it plaintext, with a token as every caller needs.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export async function adminToken(dir: string): Promise<string> {
  return (await readFile(path.join(dir, 'admin.token'), 'utf8')).trim();
}
