// The google.rpc.Status every error carries (grpc/error-details.ts) and the proto field paths of
// its BadRequest (grpc/field-paths.ts), from real validation errors.
import test from 'ava';
import protobuf from 'protobufjs';
import { validateAddTask, validateAddTaskCollection } from '../../src/coordinator/validation/validation.ts';
import { InvalidArgumentError, NotFoundError, TroupeError } from '../../src/protocol/errors.ts';
import { readStatusDetails, statusWithDetails } from '../../src/protocol/grpc/error-details.ts';
import { protoFieldName, protoFieldPath } from '../../src/protocol/grpc/field-paths.ts';
import { packagePath } from '../../src/protocol/package-root.ts';
import { requestTypeOf, serviceMethods } from '../../src/protocol/grpc/proto-descriptor.ts';
import { collection, spec } from '../helpers/validation-requests.ts';

const thrown = (fn: () => unknown): InvalidArgumentError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidArgumentError) return err;
    throw err;
  }
  throw new Error('did not throw');
};

test('every field name of proto/ comes back from its camelCase form as the .proto writes it', (t) => {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => packagePath('proto', target);
  root.loadSync(['troupe/v1/batch_service.proto', 'troupe/v1/storage.proto'], { keepCase: true });
  const names: string[] = [];
  const walk = (ns: protobuf.NamespaceBase) => {
    for (const n of ns.nestedArray) {
      if (n instanceof protobuf.Type) names.push(...n.fieldsArray.map((f) => f.name));
      if (n instanceof protobuf.Namespace || n instanceof protobuf.Type) walk(n);
    }
  };
  walk(root);
  t.true(names.length > 200, `${names.length} fields`);
  for (const name of names) t.is(protoFieldName(protobuf.util.camelCase(name)), name);
});

test('method names are unique across the public services (requestTypeOf looks them up by name)', (t) => {
  const names = ['troupe.v1.Batch', 'troupe.v1.Storage'].flatMap((s) => serviceMethods(s).map((m) => m.name));
  t.is(new Set(names).size, names.length);
  t.is(requestTypeOf('AddTask')?.fullName, '.troupe.v1.AddTaskRequest');
  t.is(requestTypeOf('UploadFile')?.fullName, '.troupe.v1.UploadFileRequest');
});

test("AddTask's missing command line: INVALID_ARGUMENT, the message unchanged, a BadRequest naming task.command_line", (t) => {
  const err = thrown(() => validateAddTask({ jobId: 'j1', task: spec({ commandLine: '' }) }));
  t.is(err.field, 'task.commandLine');
  const status = statusWithDetails('AddTask', err);
  t.is(status.code, 3);
  t.is(status.details, err.message);
  const details = readStatusDetails(status.metadata);
  t.deepEqual(details, { code: 3, message: err.message, fieldViolations: [{ field: 'task.command_line', description: err.rule }] });
});

test('a nested, indexed field: tasks[3].resource_files[0].file_path', (t) => {
  const tasks = [0, 1, 2, 3].map((i) => spec({ id: `t${i}`, ...(i === 3 ? { resourceFiles: [{ filePath: '../escape', httpUrl: 'http://x/y' }] } : {}) }));
  const outcome = validateAddTaskCollection(collection(tasks)).results[3]!;
  t.false(outcome.ok);
  const err = (outcome as { error: InvalidArgumentError }).error;
  t.is(err.field, 'tasks[3].resourceFiles[0].filePath');
  t.deepEqual(readStatusDetails(statusWithDetails('AddTaskCollection', err).metadata)?.fieldViolations?.map((v) => v.field), ['tasks[3].resource_files[0].file_path']);
});

test('a path that leaves the descriptors is converted but marked unresolved', (t) => {
  const type = requestTypeOf('AddTask');
  t.deepEqual(protoFieldPath(type, 'task.constraints.maxWallClockTime'), { path: 'task.constraints.max_wall_clock_time', resolved: true });
  t.deepEqual(protoFieldPath(type, 'task.noSuchField'), { path: 'task.no_such_field', resolved: false });
  t.false(protoFieldPath(type, 'task[0].id').resolved, 'an index on a field that is not repeated');
  t.false(protoFieldPath(requestTypeOf('AddTaskCollection'), 'tasks.id').resolved, 'a repeated field read without an index');
  t.false(protoFieldPath(undefined, 'task.id').resolved, 'no request type');
});

test('other errors carry a google.rpc.Status with their code and message, and no BadRequest', (t) => {
  for (const err of [new NotFoundError('pool', 'nope'), new TroupeError('FAILED_PRECONDITION', 'job is completed')]) {
    const status = statusWithDetails('GetPool', err);
    t.deepEqual(readStatusDetails(status.metadata), { code: err.grpcStatus, message: err.message });
  }
  // "request is required": the request itself, which no field path names.
  t.deepEqual(readStatusDetails(statusWithDetails('AddTask', new InvalidArgumentError('request', 'is required')).metadata), { code: 3, message: 'request is required' });
});
