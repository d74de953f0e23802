// `job create --file` and `pool create --file`: what `show -o json` printed is taken back, the
// output-only fields ignored, and anything else wrong refused by its path within the record.
import test from 'ava';
import { parseJobFile } from '../../src/cli/json/job-file.ts';
import { parsePoolFile } from '../../src/cli/json/pool-file.ts';

test('a pool as shown is read back; output-only fields are ignored', (t) => {
  const pool = parsePoolFile(JSON.stringify({ id: 'p', taskSlotsPerNode: 4, state: 'active', creationTime: 'x', currentNodes: 3, metadata: [{ name: 'a', value: 'b' }] }), 'p.json');
  t.is(pool.id, 'p');
  t.is(pool.taskSlotsPerNode, 4);
  t.deepEqual(pool.metadata, [{ name: 'a', value: 'b' }]);
  t.false('state' in pool);
  t.is(parsePoolFile('{}', 'p.json').id, '', 'no id: the command line gives it');
});

test('a job as shown is read back; output-only fields are ignored', (t) => {
  const job = parseJobFile(JSON.stringify({ id: 'j', priority: 5, poolInfo: { poolId: 'p' }, executionInfo: { startTime: 'x' }, owner: 'o' }), 'j.json');
  t.is(job.id, 'j');
  t.is(job.priority, 5);
  t.deepEqual(job.poolInfo, { poolId: 'p' });
  t.false('owner' in job);
});

test('unknown fields, wrong shapes, a bad id and bad JSON are refused naming the file and the path', (t) => {
  t.throws(() => parsePoolFile('{"id":"p","slots":2}', 'p.json'), { message: "p.json: unknown field 'slots'" });
  t.throws(() => parseJobFile('{"id":"j","colour":"red"}', 'j.json'), { message: "j.json: unknown field 'colour'" });
  const nested = t.throws(() => parsePoolFile('{"startTask":{"commandLine":7}}', 'p.json'));
  t.regex(nested!.message, /^p\.json: .*'startTask\.commandLine'/);
  t.notRegex(nested!.message, /pool\./);
  const jobNested = t.throws(() => parseJobFile('{"poolInfo":{"poolId":1}}', 'j.json'));
  t.regex(jobNested!.message, /^j\.json: .*'poolInfo\.poolId'/);
  t.throws(() => parsePoolFile('{"id":3}', 'p.json'), { message: "p.json: 'id' must be a string" });
  t.throws(() => parsePoolFile('[1]', 'p.json'), { message: 'p.json: expected a pool object' });
  t.throws(() => parseJobFile('{', 'j.json'), { message: /^j\.json: invalid JSON: / });
});
