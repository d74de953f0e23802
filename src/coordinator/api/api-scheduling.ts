// troupe.v1.Scheduling: the scheduler's view of a task (ExplainTask). The handler validates the
// ids, gathers the snapshot (scheduling/explain-snapshot.ts) and maps the pure decision
// (scheduling/explain-task.ts) to the proto's form.
import type { SchedulingHandlers } from '../../protocol/generated/troupe/v1/Scheduling.ts';
import type { TaskExplanation } from '../../protocol/generated/troupe/v1/TaskExplanation.ts';
import type { Logger } from '../../protocol/log.ts';
import { unary } from '../../protocol/grpc/grpc-handlers.ts';
import { validateId } from '../validation/validation.ts';
import { explainSnapshot, type ExplainSources } from '../scheduling/explain-snapshot.ts';
import { explainTask } from '../scheduling/explain-task.ts';

export function schedulingHandlers(sources: ExplainSources, log: Logger): SchedulingHandlers {
  return {
    ExplainTask: unary(log, 'ExplainTask', (req): TaskExplanation => {
      const jobId = validateId('job', req.jobId);
      const taskId = validateId('task', req.taskId);
      const explanation = explainTask(explainSnapshot(sources, jobId, taskId));
      return { jobId, taskId, ...explanation };
    }),
  } as SchedulingHandlers;
}
