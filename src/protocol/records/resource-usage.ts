// Adding up what runs used (run-records.ts ResourceUsage): a gang's instances on the
// coordinator, an instance's commands on its worker.
import type { ResourceUsage } from './run-records.ts';

/** The sum of the usages given (CPU times added, the largest RSS); undefined when none is known. */
export function sumUsage(usages: (ResourceUsage | undefined)[]): ResourceUsage | undefined {
  let sum: ResourceUsage | undefined;
  for (const u of usages) {
    if (!u) continue;
    sum = sum
      ? { userCpuUs: sum.userCpuUs + u.userCpuUs, kernelCpuUs: sum.kernelCpuUs + u.kernelCpuUs, maxRssKib: Math.max(sum.maxRssKib, u.maxRssKib) }
      : { ...u };
  }
  return sum;
}
