// The CLI's gRPC client over node:http2 (src/protocol/grpc/wire-client.ts) against a grpc-js server
// serving troupe.v1.Batch: what it sends is what grpc-js decodes, what grpc-js answers is what it
// decodes, and every way a call ends (a status, a deadline, a lost or refused connection, a
// cancel) ends it once, as grpc-js's own client would.
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { once } from 'node:events';
import { loadTroupeProto } from '../../src/protocol/grpc/proto.ts';
import { connectWireApi, WireCallError } from '../../src/protocol/grpc/wire-client.ts';
import { freePort } from '../../src/cli/local-cluster/ports.ts';

type Handlers = grpc.UntypedServiceImplementation;

async function serve(t: import('ava').ExecutionContext, handlers: Handlers): Promise<string> {
  const server = new grpc.Server();
  const notImplemented = (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback({ code: grpc.status.UNIMPLEMENTED, details: 'not in this test' });
  const all: Handlers = {};
  for (const name of Object.keys(loadTroupeProto().troupe.v1.Batch.service)) all[name] = handlers[name] ?? notImplemented;
  server.addService(loadTroupeProto().troupe.v1.Batch.service, all);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  t.teardown(() => server.forceShutdown());
  return `127.0.0.1:${port}`;
}

test('unary calls carry the request as grpc-js decodes it and return the reply as proto-loader shapes it', async (t) => {
  let seen: any;
  const address = await serve(t, {
    AddTask: (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => {
      seen = call.request;
      cb(null, {});
    },
    GetTask: (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) =>
      cb(null, { id: call.request.taskId, jobId: call.request.jobId, state: 'running', executionInfo: { exitCode: 3, retryCount: 2 } }),
  });
  const api = connectWireApi(`http://${address}`);
  t.teardown(() => api.close());
  await api.AddTask({ jobId: 'j', task: { id: 't', commandArgs: ['/bin/echo', 'é', '日本'], environmentSettings: [{ name: 'A', value: 'b' }], requiredSlots: 2 } });
  t.is(seen.jobId, 'j');
  t.deepEqual(seen.task.commandArgs, ['/bin/echo', 'é', '日本']);
  t.deepEqual(seen.task.environmentSettings, [{ name: 'A', value: 'b' }]);
  t.is(seen.task.requiredSlots, 2);
  const task = await api.GetTask({ jobId: 'j', taskId: 't' });
  t.is(task.id, 't');
  t.is(task.state, 'running'); // enums as strings
  t.is(task.executionInfo?.exitCode, 3);
  t.is(task.displayName, ''); // defaults filled in, as proto-loader's `defaults: true`
  t.deepEqual(task.environmentSettings, []);
});

test('a status from the server rejects with its code and details; several calls share one connection', async (t) => {
  const peers = new Set<string>();
  const address = await serve(t, {
    GetJob: (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => {
      peers.add(call.getPeer()); // the client's address and port: one per connection
      cb({ code: grpc.status.NOT_FOUND, details: `job '${call.request.jobId}' does not exist: ünïcode` });
    },
  });
  const api = connectWireApi(`http://${address}`);
  t.teardown(() => api.close());
  for (const id of ['a', 'b']) {
    const err = await t.throwsAsync(api.GetJob({ jobId: id }), { instanceOf: WireCallError });
    t.is(err!.code, grpc.status.NOT_FOUND);
    t.is(err!.details, `job '${id}' does not exist: ünïcode`);
  }
  const unimplemented = await t.throwsAsync(api.ListPools({}));
  t.is((unimplemented as WireCallError).code, grpc.status.UNIMPLEMENTED);
  t.is(peers.size, 1);
});

test('a deadline ends the call with DEADLINE_EXCEEDED; a refused connection is UNAVAILABLE, saying why', async (t) => {
  const address = await serve(t, { ListPools: () => { /* never answers */ } });
  const api = connectWireApi(`http://${address}`);
  t.teardown(() => api.close());
  const late = await t.throwsAsync(api.ListPools({}, { deadline: Date.now() + 200 }));
  t.is((late as WireCallError).code, grpc.status.DEADLINE_EXCEEDED);

  const nowhere = connectWireApi(`127.0.0.1:${await freePort()}`);
  t.teardown(() => nowhere.close());
  const refused = await t.throwsAsync(nowhere.ListPools({}));
  t.is((refused as WireCallError).code, grpc.status.UNAVAILABLE);
  t.regex((refused as WireCallError).details, /ECONNREFUSED/);
});

test('server streams deliver every message in order, then end; a status after messages is an error, not an end', async (t) => {
  const big = Buffer.alloc(3 * 1024 * 1024, 7); // spans many HTTP/2 frames
  const address = await serve(t, {
    GetTaskOutput: (call: grpc.ServerWritableStream<any, any>) => {
      if (call.request.taskId === 'fails') {
        call.write({ data: Buffer.from('partial') });
        call.emit('error', { code: grpc.status.NOT_FOUND, details: 'task was deleted' });
        return;
      }
      for (let i = 0; i < 100; i++) call.write({ data: Buffer.from(`${i}\n`) });
      call.write({ data: big });
      call.end();
    },
  });
  const api = connectWireApi(`http://${address}`);
  t.teardown(() => api.close());

  const chunks: Buffer[] = [];
  const ok = api.raw.GetTaskOutput({ jobId: 'j', taskId: 't', stream: 'stdout' });
  ok.on('data', (c) => chunks.push(c.data));
  await once(ok as unknown as NodeJS.EventEmitter, 'end');
  const all = Buffer.concat(chunks);
  t.is(all.subarray(0, 290).toString().split('\n').slice(0, 100).join(','), Array.from({ length: 100 }, (_, i) => String(i)).join(','));
  t.true(all.subarray(all.length - big.length).equals(big));

  const got: string[] = [];
  let ended = false;
  const failing = api.raw.GetTaskOutput({ jobId: 'j', taskId: 'fails', stream: 'stdout' });
  failing.on('data', (c) => got.push(c.data.toString()));
  failing.on('end', () => (ended = true));
  const [err] = await once(failing as unknown as NodeJS.EventEmitter, 'error');
  t.deepEqual(got, ['partial']);
  t.is(err.code, grpc.status.NOT_FOUND);
  t.is(err.details, 'task was deleted');
  t.false(ended);
});

test('cancelling a stream reaches the server as a cancelled call', async (t) => {
  let cancelled: () => void;
  const serverSawCancel = new Promise<void>((resolve) => (cancelled = resolve));
  const address = await serve(t, {
    Watch: (call: grpc.ServerWritableStream<any, any>) => {
      call.write({ initialSyncDone: true });
      call.on('cancelled', () => cancelled());
    },
  });
  const api = connectWireApi(`http://${address}`);
  t.teardown(() => api.close());
  const watch = api.raw.Watch({ jobId: 'j', includeInitial: true });
  const [first] = await once(watch as unknown as NodeJS.EventEmitter, 'data');
  t.true(first.initialSyncDone);
  let afterCancel = 0;
  watch.on('error', () => afterCancel++);
  watch.on('end', () => afterCancel++);
  watch.cancel();
  await serverSawCancel;
  t.is(afterCancel, 0);
});
