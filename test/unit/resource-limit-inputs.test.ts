// A task's memory limit as people give it: `--max-memory 512M` (src/cli/memory-size.ts), a task
// file's constraints.maxMemoryMib (src/cli/json/task-file.ts), and the API's rule
// (src/coordinator/validation/resource-limit-validation.ts).
import test from 'ava';
import { parseMemoryMib } from '../../src/cli/memory-size.ts';
import { parseTaskFile } from '../../src/cli/json/task-file.ts';
import { validateTaskSpec } from '../../src/coordinator/validation/validation.ts';
import { InvalidArgumentError } from '../../src/protocol/errors.ts';

test('memory sizes: K, M and G suffixes (binary), or plain MiB', (t) => {
  t.is(parseMemoryMib('512', 'f'), 512);
  t.is(parseMemoryMib('512M', 'f'), 512);
  t.is(parseMemoryMib('512MiB', 'f'), 512);
  t.is(parseMemoryMib('2g', 'f'), 2048);
  t.is(parseMemoryMib('2 GB', 'f'), 2048);
  t.is(parseMemoryMib('65536K', 'f'), 64);
  t.deepEqual(parseMemoryMib('1536K', '--max-memory'), { error: "--max-memory must be a whole number of MiB, got '1536K' (1536 KiB)" });
  t.deepEqual(parseMemoryMib('1.5G', '--max-memory'), { error: "--max-memory expects a memory size like 512M, 2G or 65536K (a plain number is MiB), got '1.5G'" });
  for (const bad of ['', 'M', '-1', '10T', '12 34']) t.true(typeof parseMemoryMib(bad, 'f') === 'object', bad);
});

test('task files take maxMemoryMib as MiB or as a size', (t) => {
  const [a, b] = parseTaskFile('{"id":"a","commandLine":"x","constraints":{"maxMemoryMib":64}}\n{"id":"b","commandLine":"x","constraints":{"maxMemoryMib":"1G"}}\n');
  t.is(a!.constraints!.maxMemoryMib, 64);
  t.is(b!.constraints!.maxMemoryMib, 1024);
  t.throws(() => parseTaskFile('[{"id":"c","commandLine":"x","constraints":{"maxMemoryMib":"lots"}}]'), { message: /task \[0\] \(id 'c'\): 'constraints.maxMemoryMib' expects a memory size/ });
  t.throws(() => parseTaskFile('[{"id":"d","commandLine":"x","constraints":{"maxMemoryMib":1.5}}]'), { message: /'constraints.maxMemoryMib' must be an integer/ });
});

test('the API: 0 or absent is no limit; 1..1048576 MiB; anything else names the field and the rule', (t) => {
  const spec = (maxMemoryMib: unknown) => validateTaskSpec({ id: 't', commandLine: '/bin/true', constraints: { maxMemoryMib } } as never);
  t.is(spec(0).constraints.maxMemoryMib, undefined);
  t.is(spec(undefined).constraints.maxMemoryMib, undefined);
  t.is(spec(64).constraints.maxMemoryMib, 64);
  t.is(spec(1024 * 1024).constraints.maxMemoryMib, 1024 * 1024);
  const rule = 'task.constraints.maxMemoryMib must be a whole number of MiB from 1 to 1048576 (1 TiB), or 0 for no limit';
  for (const bad of [1024 * 1024 + 1, -1, 1.5, '64', true, Number.NaN]) {
    const err = t.throws(() => spec(bad), { instanceOf: InvalidArgumentError }, String(bad));
    t.is(err!.message, rule);
  }
});
