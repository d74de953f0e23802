// The AutoScale service's handlers (autoscale.proto): requests validated here, then handed to
// the autoscale operations.
import type * as grpc from '@grpc/grpc-js';
import type { AutoScaleHandlers } from '../../protocol/generated/troupe/v1/AutoScale.ts';
import type { Logger } from '../../protocol/log.ts';
import { unary } from '../../protocol/grpc/grpc-handlers.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import type { AutoScaleOperations } from '../autoscale/autoscale-operations.ts';
import { validateEvaluationInterval, validateFormula } from '../validation/autoscale-validation.ts';
import { validateId } from '../validation/validation.ts';
import { autoScaleRunToApi } from './autoscale-mapping.ts';
import { poolToApi } from './api-mapping.ts';

export function autoScaleHandlers(ops: AutoScaleOperations, state: ClusterState, log: Logger): AutoScaleHandlers & grpc.UntypedServiceImplementation {
  return {
    EnableAutoScale: unary(log, 'EnableAutoScale', async (req) => {
      const poolId = validateId('pool', req.poolId);
      validateFormula(req.autoScaleFormula, 'autoScaleFormula');
      const interval = validateEvaluationInterval(req.autoScaleEvaluationInterval, 'autoScaleEvaluationInterval');
      return poolToApi(await ops.enable(poolId, req.autoScaleFormula, interval), state);
    }),
    DisableAutoScale: unary(log, 'DisableAutoScale', async (req) => poolToApi(await ops.disable(validateId('pool', req.poolId)), state)),
    EvaluateAutoScale: unary(log, 'EvaluateAutoScale', (req) => {
      const poolId = validateId('pool', req.poolId);
      return autoScaleRunToApi(ops.evaluate(poolId, validateFormula(req.autoScaleFormula, 'autoScaleFormula')));
    }),
  };
}
