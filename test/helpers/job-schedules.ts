// What the job schedule tests share: a schedule's jobs by run number, a stand-in for a job
// manager that ends each job as it appears, and the check that no two were active at once.
import type { TroupeApi } from '../../src/protocol/grpc/api-client.ts';
import type { Job__Output } from '../../src/protocol/generated/troupe/v1/Job.ts';

export const runOf = (jobId: string) => Number(/-job-(\d+)$/.exec(jobId)![1]);

/** The schedule's jobs, by run number. */
export async function jobsOf(api: TroupeApi, id: string): Promise<Job__Output[]> {
  const jobs = (await api.ListJobs({ jobScheduleId: id, maxResults: 10_000 })).jobs;
  return jobs.sort((a, b) => runOf(a.id) - runOf(b.id));
}

/** Ends each job of the schedule as soon as it appears (what a job manager task does in real
 *  use), so that every run completes and the next can start. */
export function terminateEachJob(api: () => TroupeApi, id: string): { stop(): void } {
  let stopped = false;
  void (async () => {
    while (!stopped) {
      try {
        for (const j of await jobsOf(api(), id)) {
          if (j.state === 'active') await api().TerminateJob({ jobId: j.id, terminateReason: '' }).catch(() => {});
        }
      } catch { /* the coordinator restarting: look again */ }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return { stop: () => void (stopped = true) };
}

/** No two jobs of a schedule were active at once: each began after the one before had ended. */
export function oneAtATime(t: { true(v: boolean, m?: string): void }, jobs: Job__Output[]): void {
  for (let i = 1; i < jobs.length; i++) {
    const ended = jobs[i - 1]!.executionInfo!.endTime;
    t.true(ended !== '' && Date.parse(jobs[i]!.creationTime) >= Date.parse(ended), `${jobs[i]!.id} made at ${jobs[i]!.creationTime}, after ${jobs[i - 1]!.id} ended (${ended})`);
  }
}

