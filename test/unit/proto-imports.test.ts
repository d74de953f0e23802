// The proto files as any protoc takes them: no import cycles (protoc refuses one, "File
// recursively imports itself", while protobufjs, which troupe itself uses, tolerates it), and the
// public API never imports the worker-internal protos (a client generating stubs from
// proto/troupe/v1 and proto/google/rpc alone must get a complete API). test/python-client.test.ts
// runs protoc itself; this catches the same mistakes with no Python on the machine.
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/troupe-bin.ts';

const PROTO = path.join(REPO, 'proto');

function protoFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.proto')) out.push(path.relative(PROTO, p));
    }
  };
  walk(PROTO);
  return out;
}

function importsOf(file: string): string[] {
  return [...readFileSync(path.join(PROTO, file), 'utf8').matchAll(/^import\s+(?:public\s+|weak\s+)?"([^"]+)";/gm)].map((m) => m[1]!);
}

test('no proto file imports itself through others', (t) => {
  const files = protoFiles();
  t.true(files.length > 20, `found only ${files.length} proto files`);
  const loops: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      loops.push([...trail.slice(trail.indexOf(file)), file].join(' -> '));
      return;
    }
    state.set(file, 'visiting');
    for (const dep of importsOf(file).filter((d) => files.includes(d))) visit(dep, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of files) visit(file, []);
  t.deepEqual(loops, []);
});

test('the public protos import only public protos, google.rpc and protobuf\'s own', (t) => {
  const files = protoFiles();
  const wrong = files.filter((f) => f.startsWith('troupe/v1/')).flatMap((f) => importsOf(f)
    .filter((d) => !d.startsWith('troupe/v1/') && !d.startsWith('google/rpc/') && !d.startsWith('google/protobuf/'))
    .map((d) => `${f} imports ${d}`));
  t.deepEqual(wrong, []);
  for (const f of files.filter((x) => x.startsWith('troupe/internal/'))) {
    t.regex(readFileSync(path.join(PROTO, f), 'utf8'), /^package troupe\.internal\.v1;$/m, `${f} is in package troupe.internal.v1`);
  }
});
