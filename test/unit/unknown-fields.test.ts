// A request field the server does not know is found by its path and number before decoding
// (protobufjs would drop it silently), at any depth, in repeated elements too.
import test from 'ava';
import protobuf from 'protobufjs';
import { messageType, serviceMethods, UNSUPPORTED_FIELD } from '../../src/protocol/grpc/proto-descriptor.ts';
import { checkKnownFields } from '../../src/protocol/grpc/unknown-fields.ts';

/** A message's bytes with an extra length-delimited field `number` appended. */
const withExtra = (bytes: Uint8Array, number: number) => {
  const w = protobuf.Writer.create();
  w.uint32((number << 3) | 2).string('surprise');
  return Buffer.concat([bytes, w.finish()]);
};

test('a known message passes; an extra top-level field is named with its type', (t) => {
  const type = messageType('troupe.v1.AddTaskRequest');
  const bytes = type.encode(type.fromObject({ jobId: 'j', task: { id: 't', commandLine: 'x', constraints: { maxWallClockTime: '1s' } } })).finish();
  t.notThrows(() => checkKnownFields(type, bytes));
  t.throws(() => checkKnownFields(type, withExtra(bytes, 9)), {
    message: 'field 9 (wire type 2) of troupe.v1.AddTaskRequest is not supported by this server; it would be dropped, so the request is refused',
  });
});

test('a nested unknown field is named by its path, repeated elements by their index', (t) => {
  const spec = messageType('troupe.v1.TaskSpec');
  const plain = spec.encode(spec.fromObject({ id: 'a', commandLine: 'x' })).finish();
  const strange = withExtra(spec.encode(spec.fromObject({ id: 'b', commandLine: 'y' })).finish(), 99);
  // AddTaskCollectionRequest { job_id = 1; repeated TaskSpec tasks = 2 }, written by hand.
  const w = protobuf.Writer.create();
  w.uint32((1 << 3) | 2).string('j');
  w.uint32((2 << 3) | 2).bytes(plain);
  w.uint32((2 << 3) | 2).bytes(strange);
  const request = w.finish();
  const type = messageType('troupe.v1.AddTaskCollectionRequest');
  t.throws(() => checkKnownFields(type, request), { message: /^tasks\[1\]: field 99 \(wire type 2\) of troupe\.v1\.TaskSpec is not supported/ });
  // Deeper: task.constraints of AddTask.
  const constraints = withExtra(messageType('troupe.v1.TaskConstraints').encode({ maxWallClockTime: '1s' }).finish(), 77);
  const inner = protobuf.Writer.create().uint32((1 << 3) | 2).string('t').uint32((6 << 3) | 2).bytes(constraints).finish();
  const add = protobuf.Writer.create().uint32((1 << 3) | 2).string('j').uint32((2 << 3) | 2).bytes(inner).finish();
  t.throws(() => checkKnownFields(messageType('troupe.v1.AddTaskRequest'), add), { message: /^task\.constraints: field 77 .* of troupe\.v1\.TaskConstraints/ });
});

test("the server's strict decoder leaves the refusal for the gate; clients' decoders stay lenient", (t) => {
  const strict = serviceMethods('troupe.v1.Batch', { AddTaskCollection: 'tasks' }, true).find((m) => m.name === 'GetJob')!;
  const lenient = serviceMethods('troupe.v1.Batch').find((m) => m.name === 'GetJob')!;
  const bytes = withExtra(strict.request.encode({ jobId: 'j' }), 12);
  t.regex(String(strict.request.decode(bytes)[UNSUPPORTED_FIELD]), /^field 12 \(wire type 2\) of troupe\.v1\.GetJobRequest/);
  t.is(lenient.request.decode(bytes).jobId, 'j');
  t.is(strict.request.decode(strict.request.encode({ jobId: 'k' })).jobId, 'k');
});
