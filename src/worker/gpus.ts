// The GPU devices a worker offers and what a task sees of them. A worker lists its devices once at
// start: `--gpus 0,1,...` (declared ids, which win: a machine whose devices are shared with
// something else, or a test without GPUs), else what `nvidia-smi -L` prints (no such program,
// or one that fails, = no GPUs). The coordinator decides which task holds which device (its
// dispatcher); the worker only says so to the task, in CUDA_VISIBLE_DEVICES (what CUDA, PyTorch
// and TensorFlow read) and TROUPE_GPU_IDS (troupe's own name, for tasks that launch something
// that resets CUDA_VISIBLE_DEVICES). A task without GPUs on a GPU node gets both empty, so it
// cannot use the devices its neighbours hold.
import { execFile } from 'node:child_process';
import type { Logger } from '../protocol/log.ts';

/** The most devices one worker may declare (far above any machine's). */
export const MAX_NODE_GPUS = 64;

/** `--gpus 0,1,3`: distinct device ids (what CUDA_VISIBLE_DEVICES takes: an index, or a GPU-/MIG-
 *  UUID). Throws a message naming the rule. */
export function parseGpuList(text: string): string[] {
  const ids = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (ids.length === 0) throw new Error('--gpus needs at least one device id, e.g. --gpus 0,1');
  if (ids.length > MAX_NODE_GPUS) throw new Error(`--gpus declares ${ids.length} devices: at most ${MAX_NODE_GPUS}`);
  for (const id of ids) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Error(`--gpus: '${id}' is not a device id (an index like 0, or a UUID like GPU-5f4c...)`);
  }
  if (new Set(ids).size !== ids.length) throw new Error(`--gpus names a device twice: ${text}`);
  return ids;
}

/** The indexes in `nvidia-smi -L` output ("GPU 0: NVIDIA A100 (UUID: GPU-...)"). */
export function parseNvidiaSmiList(output: string): string[] {
  const ids: string[] = [];
  for (const line of output.split('\n')) {
    const m = /^GPU (\d+):/.exec(line.trim());
    if (m) ids.push(m[1]!);
  }
  return ids;
}

/** The devices `nvidia-smi -L` lists; none when it is not installed or fails (logged). */
export function detectGpus(log: Logger, program = 'nvidia-smi'): Promise<string[]> {
  return new Promise((resolve) => {
    execFile(program, ['-L'], { timeout: 10_000 }, (err, stdout) => {
      if (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('nvidia-smi -L failed: this node offers no GPU', { err: err.message });
        return resolve([]);
      }
      resolve(parseNvidiaSmiList(stdout));
    });
  });
}

/** The variables a task gets about GPUs: its own devices, or none on a node that has some. */
export function gpuEnvironment(taskGpus: readonly string[] | undefined, nodeGpus: readonly string[]): Record<string, string> {
  if (nodeGpus.length === 0 && !taskGpus?.length) return {};
  const ids = (taskGpus ?? []).join(',');
  return { CUDA_VISIBLE_DEVICES: ids, TROUPE_GPU_IDS: ids };
}
