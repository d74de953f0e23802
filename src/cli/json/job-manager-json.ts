// Stable JSON forms of a job's job manager task and a task's authenticationTokenSettings (Azure
// Batch's field names, null for unset), and the token settings as `task add-many` reads them.
import type { AuthenticationTokenSettings, AuthenticationTokenSettings__Output } from '../../protocol/generated/troupe/v1/AuthenticationTokenSettings.ts';
import type { JobManagerTask__Output } from '../../protocol/generated/troupe/v1/JobManagerTask.ts';
import type { InputFileError } from '../cli-errors.ts';
import { text } from './json-values.ts';
import { userIdentityJson } from './user-json.ts';
import { taskFilesJson } from './task-files-json.ts';

export function tokenSettingsJson(s: AuthenticationTokenSettings__Output | null | undefined): { access: string[] } | null {
  return s ? { access: [...s.access] } : null;
}

export function jobManagerTaskJson(m: JobManagerTask__Output | null | undefined) {
  if (!m) return null;
  return {
    id: m.id,
    displayName: text(m.displayName),
    commandLine: text(m.commandLine),
    commandArgs: [...(m.commandArgs ?? [])],
    environmentSettings: (m.environmentSettings ?? []).map((e) => ({ name: e.name, value: e.value })),
    constraints: {
      maxWallClockTime: text(m.constraints?.maxWallClockTime),
      retentionTime: text(m.constraints?.retentionTime),
      maxTaskRetryCount: m.constraints?.maxTaskRetryCount ?? null,
      maxMemoryMib: m.constraints?.maxMemoryMib || null,
    },
    requiredSlots: m.requiredSlots || null,
    killJobOnCompletion: m.killJobOnCompletion !== false,
    runExclusive: m.runExclusive !== false,
    allowLowPriorityNode: m.allowLowPriorityNode !== false,
    ...taskFilesJson(m),
    userIdentity: userIdentityJson(m.userIdentity),
    authenticationTokenSettings: tokenSettingsJson(m.authenticationTokenSettings),
  };
}

/** A task file's authenticationTokenSettings ({"access": ["job"]}), shape only. */
export function tokenSettingsFromJson(value: unknown, fail: (message: string) => InputFileError): AuthenticationTokenSettings | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw fail(`'authenticationTokenSettings' must be an object`);
  for (const key of Object.keys(value)) if (key !== 'access') throw fail(`unknown field 'authenticationTokenSettings.${key}'`);
  const access = (value as { access?: unknown }).access;
  if (access === undefined || access === null) return { access: [] };
  if (!Array.isArray(access) || !access.every((a) => typeof a === 'string')) throw fail(`'authenticationTokenSettings.access' must be an array of strings`);
  return { access };
}
