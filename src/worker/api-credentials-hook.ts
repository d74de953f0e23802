// A task that was given a job-scoped credential (a job manager, or a task with
// authenticationTokenSettings) finds in its environment what Azure Batch gives such a task,
// AZ_BATCH_AUTHENTICATION_TOKEN ("An authentication token that grants access to a limited set
// of Batch service operations", present when authenticationTokenSettings are set) and
// AZ_BATCH_ACCOUNT_URL ("The URL of the Batch account"), and what troupe's own CLI reads,
// TROUPE_API, TROUPE_TOKEN and TROUPE_CA: `troupe task add --job $AZ_BATCH_JOB_ID ...` works
// from inside it. The CA (a certificate, not a secret) is written into the task directory,
// readable by the task's user; the token is only in the task's environment.
import { constants } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { HookContext, TaskHook } from './task-hooks.ts';

/** The CA file's name in the task directory (next to stdout.txt, outside wd/). */
export const API_CA_FILE = 'troupe-api-ca.pem';

export class ApiCredentialsHook implements TaskHook {
  readonly name = 'api-credentials';

  async prestart(ctx: HookContext): Promise<Record<string, string> | void> {
    const c = ctx.task.apiCredentials;
    if (!c) return;
    const env: Record<string, string> = {
      TROUPE_API: c.api,
      TROUPE_TOKEN: c.token,
      AZ_BATCH_AUTHENTICATION_TOKEN: c.token,
      AZ_BATCH_ACCOUNT_URL: c.api.startsWith('http://') ? c.api : `https://${c.api}`,
    };
    if (c.caPem !== undefined) {
      const file = path.join(ctx.taskDir, API_CA_FILE);
      // The directory is the task user's: whatever an earlier attempt left under the name (a
      // symlink to /etc/...) is removed, and the file is created anew, never followed.
      await rm(file, { force: true });
      const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
      try {
        await handle.writeFile(c.caPem);
      } finally {
        await handle.close();
      }
      env.TROUPE_CA = file;
    }
    return env;
  }
}
