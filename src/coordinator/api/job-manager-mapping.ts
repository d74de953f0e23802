// A job's job manager task and a task's token settings, record -> API message.
import type { JobManagerTask } from '../../protocol/generated/troupe/v1/JobManagerTask.ts';
import type { AuthenticationTokenSettings } from '../../protocol/generated/troupe/v1/AuthenticationTokenSettings.ts';
import type { AuthenticationTokenSettingsRecord } from '../../protocol/records/job-manager-records.ts';
import type { JobManagerTaskRecord } from '../../protocol/records/records.ts';
import { formatDuration } from '../../protocol/duration.ts';
import { taskFilesToApi } from './file-mapping.ts';
import { userIdentityToApi } from './user-mapping.ts';

const duration = (ms: number | undefined) => (ms === undefined ? '' : formatDuration(ms));

export function tokenSettingsToApi(s: AuthenticationTokenSettingsRecord | undefined): AuthenticationTokenSettings | null {
  return s ? { access: [...s.access] } : null;
}

export function jobManagerTaskToApi(jm: JobManagerTaskRecord | undefined): JobManagerTask | null {
  if (!jm) return null;
  const t = jm.task;
  return {
    id: t.id,
    displayName: t.displayName,
    commandLine: t.commandLine,
    commandArgs: t.argv,
    environmentSettings: t.environmentSettings,
    constraints: {
      maxWallClockTime: duration(t.constraints.maxWallClockTimeMs),
      retentionTime: duration(t.constraints.retentionTimeMs),
      // Unset = the job's: the API then reads it from the job's constraints.
      ...(t.constraints.maxTaskRetryCount === undefined ? {} : { maxTaskRetryCount: t.constraints.maxTaskRetryCount }),
      maxMemoryMib: t.constraints.maxMemoryMib ?? 0,
    },
    requiredSlots: t.requiredSlots,
    killJobOnCompletion: jm.killJobOnCompletion,
    runExclusive: jm.runExclusive,
    allowLowPriorityNode: jm.allowLowPriorityNode,
    ...taskFilesToApi(t),
    userIdentity: userIdentityToApi(t.userIdentity),
    // No settings kept = the job manager opted out of its token.
    authenticationTokenSettings: tokenSettingsToApi(t.authenticationTokenSettings) ?? { access: [] },
  };
}
