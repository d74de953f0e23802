// Validation of authenticationTokenSettings (Azure Batch's): the credential scoped to its job a
// task (or a job manager) gets in its environment. Azure Batch defines one access, 'job'.
import { InvalidArgumentError } from '../../protocol/errors.ts';
import type { AuthenticationTokenSettingsRecord, TokenAccess } from '../../protocol/records/job-manager-records.ts';

const ACCESS: readonly TokenAccess[] = ['job'];

/** undefined when the message is absent; { access: [] } when present with no access. */
export function validateAuthenticationTokenSettings(value: unknown, field: string): AuthenticationTokenSettingsRecord | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new InvalidArgumentError(field, 'must be an object');
  const raw = (value as { access?: unknown }).access ?? [];
  if (!Array.isArray(raw)) throw new InvalidArgumentError(`${field}.access`, 'must be a list');
  const access: TokenAccess[] = [];
  raw.forEach((a, i) => {
    if (typeof a !== 'string' || !(ACCESS as readonly string[]).includes(a)) {
      throw new InvalidArgumentError(`${field}.access[${i}]`, "must be 'job' (the only access Azure Batch defines: the task's own job)");
    }
    if (!access.includes(a as TokenAccess)) access.push(a as TokenAccess);
  });
  return { access };
}

/** A task's authenticationTokenSettings, as the fields to spread into its spec. A multi-instance
 *  task cannot have one (its instances run on several nodes; not supported). */
export function taskTokenSettingsFields(spec: Record<string, unknown>, field: string): { authenticationTokenSettings?: AuthenticationTokenSettingsRecord } {
  const settings = validateAuthenticationTokenSettings(spec.authenticationTokenSettings, `${field}.authenticationTokenSettings`);
  if (!settings || settings.access.length === 0) return {};
  if (spec.multiInstanceSettings !== undefined && spec.multiInstanceSettings !== null) {
    throw new InvalidArgumentError(`${field}.authenticationTokenSettings`, 'is not supported on a multi-instance task');
  }
  return { authenticationTokenSettings: settings };
}
