// The worker's side of GPUs (worker/gpus.ts) and the coordinator's ledger of which task holds
// which device (state/node-usage.ts).
import test from 'ava';
import path from 'node:path';
import { detectGpus, gpuEnvironment, parseGpuList, parseNvidiaSmiList } from '../../src/worker/gpus.ts';
import { NodeUsage } from '../../src/coordinator/state/node-usage.ts';
import { silentLogger } from '../../src/protocol/log.ts';
import { fixture } from '../helpers/cluster.ts';

const log = silentLogger;

test('--gpus takes distinct device ids and refuses the rest, saying why', (t) => {
  t.deepEqual(parseGpuList('0,1, 3'), ['0', '1', '3']);
  t.deepEqual(parseGpuList('GPU-5f4c2f0e-1111'), ['GPU-5f4c2f0e-1111']);
  t.throws(() => parseGpuList(''), { message: /at least one/ });
  t.throws(() => parseGpuList('0,0'), { message: /twice/ });
  t.throws(() => parseGpuList('0;rm -rf'), { message: /not a device id/ });
  t.throws(() => parseGpuList(Array.from({ length: 65 }, (_, i) => i).join(',')), { message: /at most 64/ });
});

test('nvidia-smi -L output gives the device indexes; a missing nvidia-smi means no GPU', async (t) => {
  t.deepEqual(parseNvidiaSmiList('GPU 0: Tesla T4 (UUID: GPU-a)\nGPU 1: Tesla T4 (UUID: GPU-b)\n'), ['0', '1']);
  t.deepEqual(parseNvidiaSmiList('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.\n'), []);
  t.deepEqual(await detectGpus(log, '/no/such/nvidia-smi'), []);
  t.deepEqual(await detectGpus(log, path.join(path.dirname(fixture('x')), 'fake-nvidia-smi/nvidia-smi')), ['0', '1']);
  t.deepEqual(await detectGpus(log, '/bin/false'), [], 'a failing nvidia-smi: none');
});

test('a task sees its own devices; a task without GPUs on a GPU node sees none; no GPU node, no variable', (t) => {
  t.deepEqual(gpuEnvironment(['1', '3'], ['0', '1', '2', '3']), { CUDA_VISIBLE_DEVICES: '1,3', TROUPE_GPU_IDS: '1,3' });
  t.deepEqual(gpuEnvironment(undefined, ['0']), { CUDA_VISIBLE_DEVICES: '', TROUPE_GPU_IDS: '' });
  t.deepEqual(gpuEnvironment(undefined, []), {});
});

test('node usage: devices held by placed tasks are not free, and come back when they end', (t) => {
  const usage = new NodeUsage();
  usage.place('j.a', { jobId: 'j', parts: [{ nodeId: 'n', slots: 1, gpuIds: ['0'] }] });
  usage.place('j.b', { jobId: 'j', parts: [{ nodeId: 'n', slots: 1, gpuIds: ['2'] }] });
  t.deepEqual([...usage.usedGpus('n')].sort(), ['0', '2']);
  t.deepEqual(usage.freeGpus('n', ['0', '1', '2', '3'], 2), ['1', '3']);
  t.is(usage.freeGpus('n', ['0', '1', '2', '3'], 3), undefined, 'not enough free');
  // The same placement again (a record stored after the reservation) changes nothing.
  usage.place('j.a', { jobId: 'j', parts: [{ nodeId: 'n', slots: 1, gpuIds: ['0'] }] });
  t.deepEqual([...usage.usedGpus('n')].sort(), ['0', '2']);
  usage.release('j.a');
  t.deepEqual(usage.freeGpus('n', ['0', '1', '2', '3'], 3), ['0', '1', '3']);
  usage.release('j.b');
  t.is(usage.usedGpus('n').size, 0);
});
