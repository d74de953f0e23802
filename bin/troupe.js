#!/usr/bin/env node
// The troupe command. The CLI is TypeScript run through tsx, registered here so `troupe` works
// from any directory without a build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const code = await runCli(process.argv.slice(2));
// Open handles (a gRPC channel being torn down, a stdin listener) must not keep a finished
// command alive; the empty write lets buffered output reach a pipe before exiting.
process.stdout.write('', () => process.exit(code));
