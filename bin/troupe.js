#!/usr/bin/env node
// The troupe command: runs the built CLI, dist/troupe.js (scripts/build.mjs, run by `npm start`,
// `npm test` and setup; an npm package carries it built). Nothing is compiled at run time, so a
// command answers in about the time Node takes to start.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/troupe.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(`troupe is not built: run 'npm run build' (or 'npm start') in ${new URL('..', import.meta.url).pathname}\n`);
  process.exit(1);
}
const { runCli } = await import(cli.href);
const code = await runCli(process.argv.slice(2));
// Open handles (a gRPC channel being torn down, a stdin listener) must not keep a finished
// command alive; the empty write lets buffered output reach a pipe before exiting.
process.stdout.write('', () => process.exit(code));
