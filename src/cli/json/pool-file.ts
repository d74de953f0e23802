// The file `pool create --file` reads (record-file.ts).
import type { Pool } from '../../protocol/generated/troupe/v1/Pool.ts';
import { ENV, identity, resourceFiles, type Shape } from './job-schedule-json.ts';
import { parseRecordFile } from './record-file.ts';

const POOL_FIELDS: Record<string, Shape> = {
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
  targetDedicatedNodes: 'int',
  targetLowPriorityNodes: 'int',
  resizeTimeout: 'string',
  nodeProvider: { kind: 'string', startCommand: 'string', stopCommand: 'string', commandTimeout: 'string' },
  enableAutoScale: 'bool',
  autoScaleFormula: 'string',
  autoScaleEvaluationInterval: 'string',
};

const POOL = {
  name: 'pool', fields: POOL_FIELDS,
  readOnly: new Set(['state', 'creationTime', 'currentNodes', 'autoScaleRun', 'allocationState', 'allocationStateTransitionTime', 'resizeErrors', 'currentDedicatedNodes', 'currentLowPriorityNodes']),
};

export function parsePoolFile(content: string, source = 'input'): Pool {
  return parseRecordFile(POOL, content, source) as Pool;
}
