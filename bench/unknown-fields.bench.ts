// The cost of refusing unknown fields (src/protocol/grpc/unknown-fields.ts): the wire-format walk
// every API request goes through before it is decoded, on the largest requests the API takes
// (64 MiB: stall.bench.ts's wide AddTaskCollection, 8 KiB command lines; and 100,000 small
// tasks), next to protobufjs decoding the same bytes. Run: npx tsx bench/unknown-fields.bench.ts [--quick]
import { performance } from 'node:perf_hooks';
import { messageType } from '../src/protocol/grpc/proto-descriptor.ts';
import { checkKnownFields } from '../src/protocol/grpc/unknown-fields.ts';

const quick = process.argv.includes('--quick');
const type = messageType('troupe.v1.AddTaskCollectionRequest');
const encode = (tasks: object[]) => type.encode(type.fromObject({ jobId: 'j', tasks })).finish();
const wide = encode(Array.from({ length: quick ? 1000 : 8000 }, (_, i) => ({ id: `w${i}`, commandLine: `/bin/echo ${'x'.repeat(8 * 1024)}`, environmentSettings: [{ name: 'A', value: 'b' }] })));
const many = encode(Array.from({ length: quick ? 10_000 : 100_000 }, (_, i) => ({ id: `t${i}`, commandArgs: ['/bin/true'], constraints: { maxWallClockTime: '1m' } })));

function time(label: string, bytes: Uint8Array, f: (b: Uint8Array) => void): void {
  const runs: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    f(bytes);
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} ${(bytes.length / 2 ** 20).toFixed(1).padStart(6)} MiB  median ${runs[3]!.toFixed(2).padStart(8)} ms  best ${runs[0]!.toFixed(2)} ms`);
}

for (const [name, bytes] of [['wide (8 KiB command lines)', wide], ['many (small tasks)', many]] as const) {
  time(`unknown-field walk, ${name}`, bytes, (b) => checkKnownFields(type, b));
  time(`protobufjs decode (for scale), ${name}`, bytes, (b) => type.decode(b));
}
