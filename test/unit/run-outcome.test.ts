// What `troupe run` exits with (run/run-outcome.ts) and how it names its jobs (run/run-target.ts).
import test from 'ava';
import { EXIT_INTERRUPTED, EXIT_NOT_RUN, runOutcome } from '../../src/cli/run/run-outcome.ts';
import { runId } from '../../src/cli/run/run-target.ts';
import type { Task__Output } from '../../src/protocol/generated/troupe/v1/Task.ts';

function task(executionInfo: Record<string, unknown>): Task__Output {
  return { id: 't1', state: 'completed', executionInfo } as unknown as Task__Output;
}

test('a process that ran exits the CLI with its own exit code, success or not', (t) => {
  t.deepEqual(runOutcome(task({ result: 'success', exitCode: 0 }), false), { exitCode: 0 });
  t.deepEqual(runOutcome(task({ result: 'failure', exitCode: 3, failureInfo: { category: 'usererror', code: 'FailureExitCode', message: 'exit 3' } }), false), { exitCode: 3 });
});

test('a killed process keeps its 128+N code and says why', (t) => {
  const o = runOutcome(task({ result: 'failure', exitCode: 137, failureInfo: { category: 'usererror', code: 'MaxWallClockTimeExceeded', message: 'ran longer than 1s' } }), false);
  t.is(o.exitCode, 137);
  t.regex(o.message!, /MaxWallClockTimeExceeded: ran longer than 1s/);
});

test('a task that never started exits 125 with its failure information', (t) => {
  const o = runOutcome(task({ result: 'failure', failureInfo: { category: 'usererror', code: 'ResourceFileNotFound', message: 'no such object' } }), false);
  t.is(o.exitCode, EXIT_NOT_RUN);
  t.is(o.message, "task 't1' failed before its process started: usererror: ResourceFileNotFound: no such object");
  t.is(runOutcome(task({ result: 'failure', exitCode: 0, failureInfo: { category: 'servererror', code: 'OutputUploadFailed', message: 'x' } }), false).exitCode, EXIT_NOT_RUN);
});

test('after Ctrl-C the exit is 130 whatever the task ended with', (t) => {
  t.is(runOutcome(task({ result: 'failure', exitCode: 143 }), true).exitCode, EXIT_INTERRUPTED);
  t.is(runOutcome(task({ result: 'success', exitCode: 0 }), true).exitCode, EXIT_INTERRUPTED);
});

test('run ids sort by UTC time and are valid job and task ids', (t) => {
  const id = runId(new Date('2026-12-02T11:21:35.123Z'), Buffer.from([0xa3, 0xf0]));
  t.is(id, 'run-20261202-112135-a3f0');
  t.regex(runId(new Date()), /^[A-Za-z0-9_-]{1,64}$/);
});
