// The file fields in the CLI's JSON form: shown only when a task has them, read back by add-many.
import test from 'ava';
import { parseTaskFile } from '../../src/cli/json/task-file.ts';
import { taskFilesJson } from '../../src/cli/json/task-files-json.ts';
import { InputFileError } from '../../src/cli/cli-errors.ts';

test('add-many reads resource files (inline content as base64), output files and packages', (t) => {
  const [spec] = parseTaskFile(JSON.stringify([{
    id: 'a', commandLine: 'true',
    resourceFiles: [{ storagePath: 'in/x', filePath: 'x' }, { inlineContent: Buffer.from('hi\n').toString('base64'), filePath: 'c.cfg', fileMode: '0600' }],
    outputFiles: [{ filePattern: 'out/*', destination: 'res/', uploadCondition: 'tasksuccess' }],
    applicationPackageReferences: [{ applicationId: 'tool', version: '1' }],
  }]));
  t.deepEqual(spec!.resourceFiles![0], { storagePath: 'in/x', filePath: 'x' });
  t.is(Buffer.from(spec!.resourceFiles![1]!.inlineContent as Buffer).toString(), 'hi\n');
  t.deepEqual(spec!.outputFiles, [{ filePattern: 'out/*', destination: 'res/', uploadCondition: 'tasksuccess' }]);
  t.deepEqual(spec!.applicationPackageReferences, [{ applicationId: 'tool', version: '1' }]);
});

test('add-many names a malformed file field', (t) => {
  const bad = (item: object) => t.throws(() => parseTaskFile(JSON.stringify([{ id: 'a', commandLine: 'true', ...item }])), { instanceOf: InputFileError });
  t.regex(bad({ resourceFiles: {} })!.message, /'resourceFiles' must be an array/);
  t.regex(bad({ outputFiles: [{ filePattern: 'x', when: 'always' }] })!.message, /unknown field 'outputFiles\[0\]\.when'/);
  t.regex(bad({ applicationPackageReferences: [{ applicationId: 1 }] })!.message, /applicationPackageReferences\[0\]\.applicationId' must be a string/);
});

test('the JSON form shows file fields only when present, and round-trips inline content', (t) => {
  t.deepEqual(taskFilesJson({ resourceFiles: [], outputFiles: [], applicationPackageReferences: [] }), {});
  const json = taskFilesJson({
    resourceFiles: [{ storagePath: '', httpUrl: 'https://h/x', inlineContent: Buffer.alloc(0), filePath: 'x', fileMode: '' },
      { storagePath: '', httpUrl: '', inlineContent: Buffer.from([0, 255]), filePath: 'b', fileMode: '0755' }],
    outputFiles: [], applicationPackageReferences: [],
  });
  t.deepEqual(json, { resourceFiles: [{ httpUrl: 'https://h/x', filePath: 'x' }, { inlineContent: 'AP8=', filePath: 'b', fileMode: '0755' }] });
  const [spec] = parseTaskFile(JSON.stringify([{ id: 'a', commandLine: 'true', ...json }]));
  t.deepEqual([...(spec!.resourceFiles![1]!.inlineContent as Buffer)], [0, 255]);
});
