// The pure parts of exec and attach: the first messages' rules, TaskSpec.pty, and the detach
// key sequence (parsed as docker spells it, matched across chunks without eating other bytes).
import test from 'ava';
import { validateAttachStart, validateExecStart } from '../../src/protocol/terminal-start.ts';
import { taskPtyField } from '../../src/coordinator/validation/pty-validation.ts';
import { DetachMatcher, parseDetachKeys } from '../../src/cli/terminal/detach-keys.ts';
import { UNSUPPORTED_FIELD } from '../../src/protocol/grpc/proto-descriptor.ts';

const start = (s: Record<string, unknown>) => ({ input: 'start', start: { jobId: 'j', taskId: 't', command: ['/bin/pwd'], tty: false, window: null, stdin: false, ...s } }) as never;

test('an Exec start is checked field by field, with defaults filled in', (t) => {
  t.deepEqual(validateExecStart(start({})), { jobId: 'j', taskId: 't', command: ['/bin/pwd'], tty: false, window: { rows: 24, cols: 80 }, stdin: false });
  t.deepEqual(validateExecStart(start({ tty: true, window: { rows: 50, cols: 132 } })).window, { rows: 50, cols: 132 });
  const refused = (s: Record<string, unknown>, message: RegExp) => t.throws(() => validateExecStart(start(s)), { message });
  refused({ command: [] }, /^start\.command must name a program/);
  refused({ command: [''] }, /^start\.command must name a program/);
  refused({ command: ['/bin/echo', 'a\0b'] }, /^start\.command must not contain NUL/);
  refused({ jobId: '' }, /^start\.jobId is required/);
  refused({ taskId: '../x' }, /^start\.taskId must be 1-64 letters/);
  refused({ window: { rows: 0, cols: 80 } }, /^start\.window\.rows must be 1\.\.1000/);
  refused({ window: { rows: 24, cols: 5000 } }, /^start\.window\.cols must be 1\.\.1000/);
  t.throws(() => validateExecStart({ input: 'stdin', stdin: Buffer.from('x') } as never), { message: /^start must be the first message of an Exec call/ });
  t.throws(() => validateExecStart({ [UNSUPPORTED_FIELD]: 'field 99 of ExecInput is not known' } as never), { message: /field 99 of ExecInput/ });
});

test('an Attach start: ids required, the window optional, replay off unless asked', (t) => {
  t.deepEqual(validateAttachStart({ input: 'start', start: { jobId: 'j', taskId: 't', window: null, replay: false } } as never), { jobId: 'j', taskId: 't', replay: false });
  t.deepEqual(validateAttachStart({ input: 'start', start: { jobId: 'j', taskId: 't', window: { rows: 3, cols: 4 }, replay: true } } as never), { jobId: 'j', taskId: 't', window: { rows: 3, cols: 4 }, replay: true });
  t.throws(() => validateAttachStart({ input: 'start', start: { jobId: 'j', taskId: '', window: null, replay: false } } as never), { message: /^start\.taskId is required/ });
});

test('TaskSpec.pty: unset = none, zeros = 24x80, bounds named by field, not on multi-instance tasks', (t) => {
  t.deepEqual(taskPtyField({}, 'task', false), {});
  t.deepEqual(taskPtyField({ pty: null }, 'task', false), {});
  t.deepEqual(taskPtyField({ pty: { rows: 0, cols: 0 } }, 'task', false), { pty: { rows: 24, cols: 80 } });
  t.deepEqual(taskPtyField({ pty: { rows: 40, cols: 0 } }, 'task', false), { pty: { rows: 40, cols: 80 } });
  t.throws(() => taskPtyField({ pty: { rows: 1001, cols: 0 } }, 'tasks[3]', false), { message: /^tasks\[3\]\.pty\.rows must be 1\.\.1000/ });
  t.throws(() => taskPtyField({ pty: {} }, 'task', true), { message: /^task\.pty is not allowed on a multi-instance task/ });
  t.throws(() => taskPtyField({ pty: {} }, 'task', false, 512), { message: /^task\.pty cannot be combined with constraints\.maxMemoryMib/ });
});

test('detach keys: docker\'s spelling, and bad ones refused with the rule', (t) => {
  t.deepEqual([...parseDetachKeys('ctrl-p,ctrl-q')], [16, 17]);
  t.deepEqual([...parseDetachKeys('ctrl-a,d')], [1, 100]);
  t.deepEqual([...parseDetachKeys('ctrl-[')], [27]);
  t.throws(() => parseDetachKeys('ctrl-p,,ctrl-q'), { message: /expected keys separated by commas/ });
  t.throws(() => parseDetachKeys('ctrl-1'), { message: /ctrl-1 is not a control key/ });
  t.throws(() => parseDetachKeys('alt-x'), { message: /'alt-x' is neither ctrl-X nor one ASCII character/ });
});

test('the detach matcher passes every other byte through, also a held prefix that turns out not to be the sequence', (t) => {
  const m = new DetachMatcher(parseDetachKeys('ctrl-p,ctrl-q'));
  t.deepEqual(m.feed(Buffer.from('ls\r\x03\x04')), { forward: Buffer.from('ls\r\x03\x04'), detach: false });
  t.deepEqual(m.feed(Buffer.from('a\x10')), { forward: Buffer.from('a'), detach: false }, 'Ctrl-P is held');
  t.deepEqual(m.feed(Buffer.from('b')), { forward: Buffer.from('\x10b'), detach: false }, 'then given back');
  t.deepEqual(m.feed(Buffer.from('\x10\x10')), { forward: Buffer.from('\x10'), detach: false }, 'a second Ctrl-P starts the sequence again');
  t.deepEqual(m.feed(Buffer.from('\x11rest')), { forward: Buffer.from(''), detach: true }, 'split across chunks, it detaches');
});

test('add-many takes pty as {rows, cols} and names what is wrong in it', async (t) => {
  const { parseTaskFile } = await import('../../src/cli/json/task-file.ts');
  const [spec] = parseTaskFile('[{"id":"a","commandArgs":["/bin/sh"],"pty":{"rows":30}}]', 'f');
  t.deepEqual(spec!.pty, { rows: 30, cols: 0 });
  t.throws(() => parseTaskFile('[{"id":"a","commandArgs":["/bin/sh"],"pty":{"lines":30}}]', 'f'), { message: /pty: unknown field 'lines'/ });
  t.throws(() => parseTaskFile('[{"id":"a","commandArgs":["/bin/sh"],"pty":true}]', 'f'), { message: /'pty' must be an object/ });
});
