// The file `pool create --file` reads: one pool in the form `pool show -o json` prints, so a
// pool shown can be created again (elsewhere, or under another id with --id). Output-only fields
// are accepted and ignored; an unknown field is refused by its path. Shapes only: the server owns
// the rules.
import type { Pool } from '../../protocol/generated/troupe/v1/Pool.ts';
import { InputFileError } from '../cli-errors.ts';
import { ENV, identity, isObject, read, resourceFiles, type Fail, type Shape } from './job-schedule-json.ts';

const POOL: Record<string, Shape> = {
  displayName: 'string',
  taskSlotsPerNode: 'int',
  taskSchedulingPolicy: { nodeFillType: 'string' },
  enableInterNodeCommunication: 'bool',
  startTask: {
    commandLine: 'string', commandArgs: 'strings', environmentSettings: ENV, waitForSuccess: 'bool', maxTaskRetryCount: 'int',
    resourceFiles, userIdentity: identity,
  },
  applicationPackageReferences: [{ applicationId: 'string', version: 'string' }],
  userAccounts: [{ name: 'string', elevationLevel: 'string', linuxUserConfiguration: { uid: 'int', gid: 'int' } }],
  allowAdminTasks: 'bool',
  metadata: [{ name: 'string', value: 'string' }],
  enableAutoScale: 'bool',
  autoScaleFormula: 'string',
  autoScaleEvaluationInterval: 'string',
};
const READ_ONLY = new Set(['state', 'creationTime', 'currentNodes', 'autoScaleRun']);

export function parsePoolFile(content: string, source = 'input'): Pool {
  let item: unknown;
  try {
    item = JSON.parse(content);
  } catch (err) {
    throw new InputFileError(`${source}: invalid JSON: ${(err as Error).message}`);
  }
  const fail: Fail = (m) => new InputFileError(`${source}: ${m}`);
  if (!isObject(item)) throw fail('expected a pool object');
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (key === 'id' || READ_ONLY.has(key)) continue;
    if (!(key in POOL)) throw fail(`unknown field '${key}'`);
    fields[key] = value;
  }
  if (item.id !== undefined && item.id !== null && typeof item.id !== 'string') throw fail(`'id' must be a string`);
  const pool = read(POOL, fields, 'pool', (m) => fail(m.replace(/'pool\./g, "'"))) as Pool;
  return { ...pool, id: (item.id as string | undefined) ?? '' };
}
