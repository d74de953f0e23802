// Resource files, output files and application package references as the API validates them:
// every path that could leave its directory is refused by field name, defaults are filled in.
import test from 'ava';
import { validateTaskSpec, validatePool } from '../../src/coordinator/validation/validation.ts';
import { InvalidArgumentError } from '../../src/protocol/errors.ts';
import { matchesRest, parseOutputPattern } from '../../src/protocol/records/task-files.ts';
import { applicationPackageEnvNames } from '../../src/storage/store-paths.ts';
import { pool, spec } from '../helpers/validation-requests.ts';

const refused = (t: import('ava').ExecutionContext, over: Record<string, unknown>, field: RegExp) => {
  const err = t.throws(() => validateTaskSpec(spec(over)), { instanceOf: InvalidArgumentError });
  t.regex(err!.message, field);
};

test('resource files: one source each, file paths default from the object name, modes parse as octal', (t) => {
  const s = validateTaskSpec(spec({
    resourceFiles: [
      { storagePath: 'inputs/scene.bin', filePath: '', fileMode: '' },
      { storagePath: 'inputs/', filePath: 'in/' },
      { httpUrl: 'https://example.com/x.txt', filePath: 'x.txt', fileMode: '0755' },
      { inlineContent: Buffer.from('hello'), filePath: 'conf/a.cfg' },
    ],
  }));
  t.deepEqual(s.resourceFiles, [
    { storagePath: 'inputs/scene.bin', filePath: 'scene.bin' },
    { storagePath: 'inputs/', filePath: 'in/' },
    { httpUrl: 'https://example.com/x.txt', filePath: 'x.txt', fileMode: 0o755 },
    { inlineContent: Uint8Array.from(Buffer.from('hello')), filePath: 'conf/a.cfg' },
  ]);
  t.is(validateTaskSpec(spec()).resourceFiles, undefined, 'no resource files: the record has no field');
});

test('resource file paths that could leave the working directory are refused by field', (t) => {
  for (const filePath of ['../x', 'a/../../x', '/etc/passwd', 'a//b', './a', 'a/..']) {
    refused(t, { resourceFiles: [{ inlineContent: Buffer.from('x'), filePath }] }, /task\.resourceFiles\[0\]\.filePath/);
  }
  refused(t, { resourceFiles: [{ storagePath: '../secret', filePath: 'x' }] }, /task\.resourceFiles\[0\]\.storagePath/);
  refused(t, { resourceFiles: [{ storagePath: 'a', httpUrl: 'http://x/', filePath: 'x' }] }, /exactly one of storagePath, httpUrl and inlineContent/);
  refused(t, { resourceFiles: [{ filePath: 'x' }] }, /exactly one of/);
  refused(t, { resourceFiles: [{ httpUrl: 'file:///etc/passwd', filePath: 'x' }] }, /httpUrl must be an http/);
  refused(t, { resourceFiles: [{ httpUrl: 'not a url', filePath: 'x' }] }, /httpUrl/);
  refused(t, { resourceFiles: [{ httpUrl: 'http://h/x', filePath: '' }] }, /filePath must name a file/);
  refused(t, { resourceFiles: [{ inlineContent: Buffer.from('x'), filePath: 'x', fileMode: '999' }] }, /fileMode must be octal/);
  refused(t, { resourceFiles: [{ inlineContent: Buffer.alloc(65 * 1024), filePath: 'x' }] }, /inlineContent must be at most/);
  const many = Array.from({ length: 5 }, (_, i) => ({ inlineContent: Buffer.alloc(60 * 1024), filePath: `f${i}` }));
  refused(t, { resourceFiles: many }, /task\.resourceFiles and task\.outputFiles together must be at most 256 KiB/);
});

test('output files: patterns stay in the task directory; destinations are store paths; conditions are known', (t) => {
  const s = validateTaskSpec(spec({
    outputFiles: [
      { filePattern: 'out/**/*.png', destination: 'results/', uploadCondition: 'tasksuccess' },
      { filePattern: '../stdout.txt', destination: 'logs/stdout.txt', uploadCondition: '' },
    ],
  }));
  t.deepEqual(s.outputFiles, [
    { filePattern: 'out/**/*.png', destination: 'results/', uploadCondition: 'tasksuccess' },
    { filePattern: '../stdout.txt', destination: 'logs/stdout.txt', uploadCondition: 'taskcompletion' },
  ]);
  for (const filePattern of ['../../etc/passwd', '/etc/passwd', 'a/../../b', '..', '../', 'a//b', 'a/**x/b', './x']) {
    refused(t, { outputFiles: [{ filePattern, destination: 'd/' }] }, /task\.outputFiles\[0\]\.filePattern/);
  }
  for (const destination of ['../x', '/abs', 'a//b']) {
    refused(t, { outputFiles: [{ filePattern: 'x', destination }] }, /task\.outputFiles\[0\]\.destination/);
  }
  refused(t, { outputFiles: [{ filePattern: 'x', destination: 'd/', uploadCondition: 'always' }] }, /uploadCondition must be one of/);
});

test('application package references: ids and versions checked, one version per application', (t) => {
  const s = validateTaskSpec(spec({ applicationPackageReferences: [{ applicationId: 'blender', version: '3.6' }] }));
  t.deepEqual(s.applicationPackageReferences, [{ applicationId: 'blender', version: '3.6' }]);
  refused(t, { applicationPackageReferences: [{ applicationId: '../x', version: '1' }] }, /applicationPackageReferences\[0\]\.applicationId/);
  refused(t, { applicationPackageReferences: [{ applicationId: 'a', version: '..' }] }, /applicationPackageReferences\[0\]\.version/);
  refused(t, { applicationPackageReferences: [{ applicationId: 'a', version: '1' }, { applicationId: 'A', version: '2' }] }, /second time/);
  const p = validatePool(pool({ applicationPackageReferences: [{ applicationId: 'tool', version: '1.0' }] }));
  t.deepEqual(p.applicationPackageReferences, [{ applicationId: 'tool', version: '1.0' }]);
  t.throws(() => validatePool(pool({ applicationPackageReferences: [{ applicationId: '', version: '1' }] })), { message: /pool\.applicationPackageReferences\[0\]\.applicationId/ });
});

test('output patterns: * stays in a segment, ** spans any number, a leading ../ is the task directory', (t) => {
  const p = (s: string) => {
    const r = parseOutputPattern(s);
    if (!r.ok) throw new Error(r.problem);
    return r.parsed;
  };
  const star = p('out/*.png');
  t.deepEqual(star.base, ['out']);
  t.true(matchesRest(star.rest, ['a.png']));
  t.false(matchesRest(star.rest, ['sub', 'a.png']));
  const globstar = p('out/**/*.png');
  t.true(matchesRest(globstar.rest, ['a.png']));
  t.true(matchesRest(globstar.rest, ['x', 'y', 'a.png']));
  t.false(matchesRest(globstar.rest, ['x', 'a.txt']));
  const std = p('../std*.txt');
  t.true(std.fromTaskDir);
  t.true(matchesRest(std.rest, ['stdout.txt']));
  t.deepEqual(p('result.txt'), { fromTaskDir: false, base: ['result.txt'], rest: [] });
});

test('application package variables follow Azure Batch on Linux', (t) => {
  t.deepEqual(applicationPackageEnvNames('blender', '3.6'), ['AZ_BATCH_APP_PACKAGE_blender_3_6']);
  t.deepEqual(applicationPackageEnvNames('Agent-linux-x64', '1.1.46.0'), ['AZ_BATCH_APP_PACKAGE_agent_linux_x64_1_1_46_0', 'AZ_BATCH_APP_PACKAGE_Agent_linux_x64_1_1_46_0']);
});
