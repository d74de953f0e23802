// The standard gRPC services any client may use without troupe's code: health (grpc.health.v1)
// on the coordinator, leader or standby, and on a worker; server reflection on the coordinator.
// Neither needs a token.
import test from 'ava';
import { PUBLIC_SERVICES } from '../src/protocol/grpc/api-services.ts';
import * as grpc from '@grpc/grpc-js';
import type protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor/index.js';
import { connectApi } from '../src/protocol/grpc/api-client.ts';
import { readStatusDetails } from '../src/protocol/grpc/error-details.ts';
import { spawnDaemon, startCluster, waitForLog } from './helpers/cluster.ts';
import { REMOTE_LAUNCH_SERVICE } from '../src/worker/multi-instance/remote-launch-server.ts';
import { healthClient, reflectionClient } from './helpers/standard-clients.ts';

// protobufjs's own FileDescriptorProto (its .d.ts declares none of the module's types).
const fileDescriptorProto = (descriptor as unknown as { FileDescriptorProto: protobuf.Type }).FileDescriptorProto;

test('health: the leader serves, a standby says NOT_SERVING for Batch until it leads, a worker serves', async (t) => {
  const cluster = await startCluster({ workers: 1, slots: 1, lease: '10s' });
  t.teardown(() => cluster.stop());
  const ca = cluster.credentials.ca;

  const leaderHealth = healthClient(cluster.apiAddress, ca);
  t.teardown(() => leaderHealth.close());
  t.is(await leaderHealth.check(''), 'SERVING');
  t.is(await leaderHealth.check('troupe.v1.Batch'), 'SERVING');
  t.is(await leaderHealth.check('troupe.v1.Storage'), 'SERVING');
  const unknown = await t.throwsAsync(leaderHealth.check('troupe.v1.NoSuchService'));
  t.is((unknown as grpc.ServiceError).code, grpc.status.NOT_FOUND);

  const worker = [...cluster.workers.values()][0]!;
  const workerLine = worker.logs().split('\n').find((l) => l.includes('"msg":"worker started"'))!;
  const { address: workerHost, launchPort } = JSON.parse(workerLine) as { address: string; launchPort: number };
  const workerHealth = healthClient(`${workerHost}:${launchPort}`, ca);
  t.teardown(() => workerHealth.close());
  t.is(await workerHealth.check(''), 'SERVING');
  t.is(await workerHealth.check(REMOTE_LAUNCH_SERVICE), 'SERVING');

  const standby = spawnDaemon('standby', ['coordinator', ...await cluster.tlsFlags('coordinator', []), ...await cluster.coordinatorNatsArgs(), '--nats', cluster.nats.url, '--listen', '127.0.0.1:0', '--lease', '2s', '--node-timeout', '20s']);
  t.teardown(() => standby.stop());
  const listening = await waitForLog(standby, /"msg":"API listening; troupe services served once this coordinator leads"/, 60_000);
  await waitForLog(standby, /"msg":"standby: another coordinator leads"/, 60_000);
  const standbyAddress = JSON.parse(listening).api as string;
  const standbyHealth = healthClient(standbyAddress, ca);
  t.teardown(() => standbyHealth.close());
  t.is(await standbyHealth.check(''), 'SERVING', 'the process is up');
  t.is(await standbyHealth.check('troupe.v1.Batch'), 'NOT_SERVING');
  t.is(await standbyHealth.check('troupe.v1.Storage'), 'NOT_SERVING');
  const standbyApi = connectApi(standbyAddress, cluster.credentials);
  t.teardown(() => standbyApi.close());
  const refused = await t.throwsAsync(standbyApi.ListPools({}));
  t.is((refused as grpc.ServiceError).code, grpc.status.UNAVAILABLE);
  t.regex((refused as grpc.ServiceError).details, /standby/);

  const serving = standbyHealth.watchFor('troupe.v1.Batch', 'SERVING');
  t.teardown(() => serving.cancel());
  await cluster.coordinator.stop();
  await serving.reached;
  t.is(await standbyHealth.check('troupe.v1.Batch'), 'SERVING');
  t.true((await standbyApi.ListPools({})).pools.some((p) => p.id === 'testpool'), 'the new leader answers troupe calls');
});

test('reflection lists the public services and gives the file of troupe.v1.Batch, which decodes with its methods', async (t) => {
  const cluster = await startCluster({ workers: 0 });
  t.teardown(() => cluster.stop());
  const reflection = reflectionClient(cluster.apiAddress, cluster.credentials.ca);
  t.teardown(() => reflection.close());

  const listed = await reflection.ask({ list_services: '' });
  const services = (listed.list_services_response.service as { name: string }[]).map((s) => s.name).sort();
  t.deepEqual(services, ['grpc.health.v1.Health', ...PUBLIC_SERVICES].sort());
  t.true(services.includes('troupe.v1.JobSchedules') && services.includes('troupe.v1.Terminal'), 'every public service, not only Batch');

  const answer = await reflection.ask({ file_containing_symbol: 'troupe.v1.Batch' });
  const files = (answer.file_descriptor_response.file_descriptor_proto as Buffer[]).map((b) => fileDescriptorProto.decode(b) as any);
  const batchFile = files.find((f) => (f.service ?? []).some((s: { name: string }) => s.name === 'Batch'));
  t.truthy(batchFile, 'a returned file defines the Batch service');
  t.is(batchFile.package, 'troupe.v1');
  const batch = batchFile.service.find((s: { name: string }) => s.name === 'Batch');
  const methods = new Map<string, any>(batch.method.map((m: any) => [m.name, m]));
  for (const name of ['CreatePool', 'CreateJob', 'AddTask', 'GetTask', 'ListNodes', 'Watch']) t.true(methods.has(name), `Batch has ${name}`);
  t.is(methods.get('AddTask').inputType, '.troupe.v1.AddTaskRequest');
  t.true(methods.get('Watch').serverStreaming);
  // Every message a method names is in the answer (its dependencies come with it): a client can
  // build the whole API from reflection alone.
  const messages = new Set(files.flatMap((f) => (f.messageType ?? []).map((m: { name: string }) => `.${f.package}.${m.name}`)));
  for (const m of batch.method) t.true(messages.has(m.inputType) && messages.has(m.outputType), `${m.name}'s messages are described`);
  // Field names as protoc gives them (snake_case), so generated clients match.
  const taskSpec = files.flatMap((f) => f.messageType ?? []).find((m: { name: string }) => m.name === 'TaskSpec');
  t.true(taskSpec.field.some((f: { name: string }) => f.name === 'command_line'));

  // Worker-internal services (proto/troupe/internal/v1) are not reflected, nor any of their files.
  for (const internal of ['troupe.internal.v1.RemoteLaunch', 'troupe.internal.v1.NodeTerminal', 'troupe.v1.RemoteLaunch']) {
    const missing = await reflection.ask({ file_containing_symbol: internal });
    t.truthy(missing.error_response, `${internal} is not reflected`);
  }
  for (const internalFile of ['troupe/internal/v1/remote_launch.proto', 'troupe/internal/v1/node_terminal.proto']) {
    t.truthy((await reflection.ask({ file_by_filename: internalFile })).error_response, `${internalFile} is not reflected`);
  }
});

test('errors carry a google.rpc.Status: a BadRequest with the proto path for a field error, NOT_FOUND for an unknown pool', async (t) => {
  const cluster = await startCluster({ workers: 0 });
  t.teardown(() => cluster.stop());
  await cluster.api.CreateJob({ job: { id: 'j', poolInfo: { poolId: 'testpool' } } });
  const bad = await t.throwsAsync(cluster.api.AddTask({ jobId: 'j', task: { id: 't', commandLine: '' } })) as grpc.ServiceError;
  t.is(bad.code, grpc.status.INVALID_ARGUMENT);
  t.regex(bad.details, /^task\.commandLine /, 'the message people read is unchanged');
  t.deepEqual(readStatusDetails(bad.metadata)?.fieldViolations, [{ field: 'task.command_line', description: bad.details.slice('task.commandLine '.length) }]);

  // ListNodes of a pool that does not exist: NOT_FOUND naming it, as every unknown id.
  const unknownPool = await t.throwsAsync(cluster.api.ListNodes({ poolId: 'no-such-pool' })) as grpc.ServiceError;
  t.is(unknownPool.code, grpc.status.NOT_FOUND);
  t.is(unknownPool.details, "pool 'no-such-pool' does not exist");
  t.deepEqual(readStatusDetails(unknownPool.metadata), { code: grpc.status.NOT_FOUND, message: "pool 'no-such-pool' does not exist" });
  t.deepEqual((await cluster.api.ListNodes({ poolId: 'testpool' })).nodes, []);

  // The gate's refusals and a stream's failure carry it too.
  const anonymous = connectApi(cluster.apiAddress, { ca: cluster.credentials.ca });
  t.teardown(() => anonymous.close());
  const refused = await t.throwsAsync(anonymous.ListPools({})) as grpc.ServiceError;
  t.is(refused.code, grpc.status.UNAUTHENTICATED);
  t.is(readStatusDetails(refused.metadata)?.code, grpc.status.UNAUTHENTICATED);
  const stream = cluster.api.raw.GetTaskOutput({ jobId: 'j', taskId: 'absent', stream: 'stdout' });
  const streamError = await new Promise<grpc.ServiceError>((resolve) => {
    stream.on('error', resolve);
    stream.on('data', () => undefined);
  });
  t.is(streamError.code, grpc.status.NOT_FOUND);
  t.is(readStatusDetails(streamError.metadata)?.message, streamError.details);
});
