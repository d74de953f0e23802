// Validation of a task's resource limits (constraints.maxMemoryMib): troupe's addition to Azure
// Batch's task constraints. Apart from validation.ts, which imports it; it imports nothing of it.
import { InvalidArgumentError } from '../../protocol/errors.ts';
import { MAX_MEMORY_MIB } from '../../protocol/records/resource-limits.ts';

/** constraints.maxMemoryMib (uint32): 0 or absent = no limit (undefined), else 1..MAX_MEMORY_MIB.
 *  `field` is the constraints message's path ("task.constraints"). */
export function validateMaxMemoryMib(value: unknown, field: string): number | undefined {
  const f = `${field}.maxMemoryMib`;
  if (value === undefined || value === null || value === 0) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_MEMORY_MIB) {
    throw new InvalidArgumentError(f, `must be a whole number of MiB from 1 to ${MAX_MEMORY_MIB} (1 TiB), or 0 for no limit`);
  }
  return value;
}
