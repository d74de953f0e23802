// `troupe up` leaves a client config behind, so that the CLI reaches the local cluster with no
// flag (client-config.ts reads it). It writes the user's config file only when there is none, or
// when the one there is its own from an earlier run (writtenBy): a config an operator wrote for a
// real cluster is never replaced; it then says how to point the CLI at the local one instead.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { clientConfigPath, readClientConfigFile, type ClientConfigFile } from '../client-config.ts';

export const WRITTEN_BY_UP = 'troupe up';

export type ConfigOutcome =
  | { written: true; file: string }
  | { written: false; file: string; ownConfig: string };

/** Writes `<dataDir>/client-config.json` always, and the user's config file when allowed. */
export async function writeClientConfig(dataDir: string, config: Omit<ClientConfigFile, 'writtenBy'>, env: NodeJS.ProcessEnv): Promise<ConfigOutcome> {
  const body = `${JSON.stringify({ ...config, writtenBy: WRITTEN_BY_UP }, null, 2)}\n`;
  const ownConfig = path.join(dataDir, 'client-config.json');
  await writeAtomically(ownConfig, body);
  const userConfig = clientConfigPath(env);
  let existing: ClientConfigFile | undefined;
  try {
    existing = readClientConfigFile(userConfig);
  } catch {
    return { written: false, file: userConfig, ownConfig };
  }
  if (existing && existing.writtenBy !== WRITTEN_BY_UP) return { written: false, file: userConfig, ownConfig };
  await mkdir(path.dirname(userConfig), { recursive: true, mode: 0o700 });
  await writeAtomically(userConfig, body);
  return { written: true, file: userConfig };
}

async function writeAtomically(file: string, body: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, body, { mode: 0o600 });
  await rename(tmp, file);
}
