// The file `job create --file` reads (record-file.ts): the job fields are those a schedule's
// jobSpecification takes (job-schedule-json.ts), the same shapes.
import type { Job } from '../../protocol/generated/troupe/v1/Job.ts';
import { JOB_SPECIFICATION } from './job-schedule-json.ts';
import { parseRecordFile } from './record-file.ts';

const JOB = {
  name: 'job',
  fields: JOB_SPECIFICATION,
  readOnly: new Set(['state', 'creationTime', 'stateTransitionTime', 'executionInfo', 'owner', 'jobScheduleId']),
};

export function parseJobFile(content: string, source = 'input'): Job {
  return parseRecordFile(JOB, content, source) as Job;
}
