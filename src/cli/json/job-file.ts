// The file `job create --file` reads: one job in the form `job show -o json` prints, so a job
// shown can be created again (elsewhere, or under another id with --id). The output-only fields
// are accepted and ignored; an unknown field is refused by its path. The job fields are those a
// schedule's jobSpecification takes (job-schedule-json.ts), the same shapes.
import type { Job } from '../../protocol/generated/troupe/v1/Job.ts';
import { InputFileError } from '../cli-errors.ts';
import { isObject, JOB_SPECIFICATION, read, type Fail } from './job-schedule-json.ts';

const READ_ONLY = new Set(['state', 'creationTime', 'stateTransitionTime', 'executionInfo', 'owner', 'jobScheduleId']);

export function parseJobFile(content: string, source = 'input'): Job {
  let item: unknown;
  try {
    item = JSON.parse(content);
  } catch (err) {
    throw new InputFileError(`${source}: invalid JSON: ${(err as Error).message}`);
  }
  const fail: Fail = (m) => new InputFileError(`${source}: ${m}`);
  if (!isObject(item)) throw fail('expected a job object');
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (key === 'id' || READ_ONLY.has(key)) continue;
    if (!(key in JOB_SPECIFICATION)) throw fail(`unknown field '${key}'`);
    fields[key] = value;
  }
  if (item.id !== undefined && item.id !== null && typeof item.id !== 'string') throw fail(`'id' must be a string`);
  const job = read(JOB_SPECIFICATION, fields, 'job', (m) => fail(m.replace(/'job\./g, "'").replace(/field 'job\./g, "field '"))) as Job;
  return { ...job, id: (item.id as string | undefined) ?? '' };
}
