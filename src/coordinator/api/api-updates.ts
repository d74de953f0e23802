// PatchJob, UpdateTask and PatchPool (updates.proto): validated patches, applied by
// operations/record-updates.ts. The call policy checks the job's owner as for every job call.
import type { BatchHandlers } from '../../protocol/generated/troupe/v1/Batch.ts';
import { unary } from '../../protocol/grpc/grpc-handlers.ts';
import type { Logger } from '../../protocol/log.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import type { RecordUpdates } from '../operations/record-updates.ts';
import { validatePatchJob, validatePatchPool, validateUpdateTask } from '../validation/update-validation.ts';
import { jobToApi, poolToApi, taskToApi } from './api-mapping.ts';

export function updateHandlers(updates: RecordUpdates, state: ClusterState, log: Logger): Pick<BatchHandlers, 'PatchJob' | 'UpdateTask' | 'PatchPool'> {
  return {
    PatchJob: unary(log, 'PatchJob', async (req) => {
      const { jobId, patch } = validatePatchJob(req);
      return jobToApi(await updates.patchJob(jobId, patch));
    }),
    UpdateTask: unary(log, 'UpdateTask', async (req) => {
      const { jobId, taskId, patch } = validateUpdateTask(req);
      return taskToApi(await updates.updateTask(jobId, taskId, patch));
    }),
    PatchPool: unary(log, 'PatchPool', async (req) => {
      const { poolId, metadata } = validatePatchPool(req);
      return poolToApi(await updates.patchPool(poolId, metadata), state);
    }),
  };
}
