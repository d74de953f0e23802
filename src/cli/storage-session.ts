// The Storage API for one command (file and app commands): the client is loaded when such a
// command runs, not when the CLI starts, and closed when the command ends.
import type { StorageApi } from '../storage/storage-client.ts';
import type { CommandContext } from './command.ts';

export async function withStorage<T>(ctx: CommandContext, use: (s: StorageApi) => Promise<T>): Promise<T> {
  const { StorageApi } = await import('../storage/storage-client.ts');
  const storage = new StorageApi(ctx.apiAddress, ctx.clientConfig);
  try {
    return await use(storage);
  } finally {
    storage.close();
  }
}
