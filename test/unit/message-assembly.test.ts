// message-assembly.ts replaces grpc-js's StreamDecoder.write: whatever pieces the bytes come in,
// it gives the framed messages grpc-js's own decoder gives, refuses a message over the limit
// with the same error, and is what grpc-js's calls use (a real call through a real server).
import test from 'ava';
import * as grpc from '@grpc/grpc-js';
import { StreamDecoder } from '@grpc/grpc-js/build/src/stream-decoder.js';
import { grpcJsWrite, writeFramed } from '../../src/protocol/grpc/message-assembly.ts';

function framed(body: Buffer, compressed = 0): Buffer {
  const prefix = Buffer.alloc(5);
  prefix[0] = compressed;
  prefix.writeUInt32BE(body.length, 1);
  return Buffer.concat([prefix, body]);
}

/** Feeds `stream` in pieces of the given sizes (cycling) to a decoder using `write`. */
function decodeAll(write: (this: never, data: Buffer) => Buffer[], stream: Buffer, pieces: number[], max = -1): Buffer[] {
  const decoder = new StreamDecoder(max);
  const out: Buffer[] = [];
  for (let at = 0, i = 0; at < stream.length; i++) {
    const n = pieces[i % pieces.length]!;
    out.push(...(Reflect.apply(write, decoder, [stream.subarray(at, at + n)]) as Buffer[]));
    at += n;
  }
  return out.map((b) => Buffer.from(b)); // copies: compared after the fact
}

const small = [Buffer.alloc(0), Buffer.from('x'), Buffer.alloc(4), Buffer.from('hello, world'), Buffer.alloc(70_000, 7), Buffer.alloc(0), Buffer.from([1, 2, 3])];
// 300,000 and 1 MiB bodies: over the size whose buffer is allocated at once (256 KiB), so their
// pieces are kept until a quarter of each has come.
const patterned = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + (i >> 8)) & 0xff));
const big = [Buffer.from('a'), patterned(300_000), Buffer.alloc(0), patterned(1 << 20), Buffer.from([1, 2, 3])];

const cases: [string, Buffer[], number[][]][] = [
  ['small messages', small, [[Infinity], [1], [2], [3], [5], [6], [7, 1, 16384], [16384], [4, 70_001]]],
  ['big messages', big, [[Infinity], [16384], [7, 1, 16384], [65_536], [262_147, 5], [300_005, 1]]],
];
for (const [name, bodies, pieceSizes] of cases) {
  const stream = Buffer.concat(bodies.map((b, i) => framed(b, i % 2)));
  for (const pieces of pieceSizes) {
    test(`${name} in pieces of ${pieces.join(', ')} bytes: the messages grpc-js's decoder gives`, (t) => {
      const sizes = pieces.map((n) => Math.min(n, stream.length));
      const ours = decodeAll(writeFramed, stream, sizes);
      const theirs = decodeAll(grpcJsWrite, stream, sizes);
      t.is(ours.length, bodies.length);
      t.true(ours.every((m, i) => m.equals(theirs[i]!)), 'the same bytes as grpc-js');
      t.true(ours.every((m, i) => m.subarray(5).equals(bodies[i]!)), 'each body as sent');
      t.deepEqual(ours.map((m) => m[0]), bodies.map((_, i) => i % 2));
    });
  }
}

test('a message over the limit is refused with grpc-js\'s error, as soon as its prefix is read', (t) => {
  const big = framed(Buffer.alloc(2000));
  for (const write of [writeFramed, grpcJsWrite]) {
    t.throws(() => decodeAll(write, big.subarray(0, 5), [5], 1000), { message: 'Received message larger than max (2000 vs 1000)' });
  }
  t.is(decodeAll(writeFramed, big, [7], 2000).length, 1);
});

test('a big message gets its buffer only once a quarter of it has come', (t) => {
  const body = patterned(4 << 20);
  const stream = framed(body);
  const decoder = new StreamDecoder(-1) as unknown as { assemblyMessage?: Buffer };
  const feed = (from: number, to: number) => Reflect.apply(writeFramed, decoder, [stream.subarray(from, to)]) as Buffer[];
  t.deepEqual(feed(0, 5 + 100_000), []);
  t.is(decoder.assemblyMessage, undefined, 'announced 4 MiB, sent 100 KB: nothing of 4 MiB allocated');
  t.deepEqual(feed(5 + 100_000, 5 + (1 << 20)), []);
  t.is(decoder.assemblyMessage?.length, 5 + (4 << 20), 'a quarter in: the buffer is there');
  const out = feed(5 + (1 << 20), stream.length);
  t.is(out.length, 1);
  t.true(out[0]!.equals(stream));
});

test('grpc-js decodes with it: a real call carries a 3 MiB message both ways', async (t) => {
  t.is(StreamDecoder.prototype.write, writeFramed);
  const server = new grpc.Server();
  const echo = {
    path: '/test.Echo/Echo', requestStream: false, responseStream: false,
    requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b,
  };
  server.addService({ Echo: echo }, { Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => cb(null, Buffer.from(call.request).reverse()) });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  t.teardown(() => server.forceShutdown());
  const Client = grpc.makeGenericClientConstructor({ Echo: echo }, 'Echo');
  const client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': 8 << 20 });
  t.teardown(() => client.close());
  const request = Buffer.alloc(3 << 20);
  for (let i = 0; i < request.length; i++) request[i] = (i * 31) & 0xff;
  const reply = await new Promise<Buffer>((resolve, reject) => (client as unknown as { Echo: (r: Buffer, cb: (e: Error | null, b: Buffer) => void) => void }).Echo(request, (err, b) => (err ? reject(err) : resolve(b))));
  t.true(reply.equals(Buffer.from(request).reverse()), "the reply is the request reversed");
});
