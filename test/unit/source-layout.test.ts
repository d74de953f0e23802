// The shape of src/ that README's "How it is built" promises: no import loops between files, the
// layers of the coordinator importing downwards only, the pure decisions free of I/O, and files
// small enough to read (one concept each).
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../helpers/troupe-bin.ts';

const SRC = path.join(REPO, 'src');
const MAX_LINES = 600;

interface SourceFile { file: string; lines: number; imports: string[]; packages: string[] }

function sources(): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'generated') walk(p);
      } else if (e.name.endsWith('.ts')) {
        const text = readFileSync(p, 'utf8');
        const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]!);
        out.push({
          file: path.relative(SRC, p),
          lines: text.split('\n').length,
          imports: specifiers.filter((s) => s.startsWith('.')).map((s) => path.relative(SRC, path.resolve(path.dirname(p), s))).filter((s) => !s.includes('generated/')),
          packages: specifiers.filter((s) => !s.startsWith('.')),
        });
      }
    }
  };
  walk(SRC);
  return out;
}

test('no file of src/ imports itself through others (no import loops)', (t) => {
  const graph = new Map(sources().map((s) => [s.file, s.imports]));
  const loops: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'visiting') {
      loops.push([...trail.slice(trail.indexOf(file)), file].join(' -> '));
      return;
    }
    state.set(file, 'visiting');
    for (const dep of graph.get(file) ?? []) visit(dep, [...trail, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  t.true(graph.size > 100, `found only ${graph.size} source files`);
  t.deepEqual(loops, []);
});

test(`every source file stays under ${MAX_LINES} lines`, (t) => {
  const big = sources().filter((s) => s.lines > MAX_LINES).map((s) => `${s.file}: ${s.lines}`);
  t.deepEqual(big, []);
});

test('the coordinator imports downwards: only the daemon and the API layer import api/', (t) => {
  const wrong = sources()
    .filter((s) => s.file.startsWith('coordinator/') && !s.file.startsWith('coordinator/api/') && s.file !== 'coordinator/coordinator-daemon.ts')
    .flatMap((s) => s.imports.filter((i) => i.startsWith('coordinator/api/')).map((i) => `${s.file} imports ${i}`));
  t.deepEqual(wrong, []);
});

test('pure decisions (lifecycles, the scheduler) do no I/O: they import no daemon, NATS, gRPC or file system', (t) => {
  const pure = sources().filter((s) => s.file.startsWith('coordinator/lifecycle/') || ['coordinator/scheduling/scheduler.ts', 'coordinator/scheduling/slot-index.ts', 'coordinator/schedules/recurrence.ts'].includes(s.file));
  t.true(pure.length >= 6);
  const wrong = pure.flatMap((s) => [
    ...s.packages.filter((p) => p !== 'node:crypto').map((p) => `${s.file} imports ${p}`),
    ...s.imports.filter((i) => !i.startsWith('protocol/') && !i.startsWith('coordinator/lifecycle/') && !i.startsWith('coordinator/scheduling/')).map((i) => `${s.file} imports ${i}`),
  ]);
  t.deepEqual(wrong, []);
});
