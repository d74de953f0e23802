// `--config FILE` for the daemons: the file's options under the command line's.
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCommandArgs, type OptionSpecs } from '../../src/cli/args.ts';
import { CONFIG_OPTION, withDaemonConfig } from '../../src/cli/daemon-config.ts';

const specs: OptionSpecs = {
  nats: { type: 'string', help: '' },
  lease: { type: 'string', default: '10s', help: '' },
  plaintext: { type: 'boolean', help: '' },
  env: { type: 'string', multiple: true, help: '' },
  ...CONFIG_OPTION,
};

function withFile(t: import('ava').ExecutionContext, contents: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'troupe-daemon-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'c.json');
  writeFileSync(file, contents);
  return file;
}

const parse = (argv: string[]) => withDaemonConfig(parseCommandArgs(argv, specs, { usage: 'troupe x' }), specs);

test('the file fills what the command line does not give, over the defaults; flags win', (t) => {
  const file = withFile(t, JSON.stringify({ nats: 'nats://file:4222', lease: '3s', plaintext: true, env: ['A=1'] }));
  const a = parse(['--config', file, '--nats', 'nats://flag:4222']);
  t.is(a.string('nats'), 'nats://flag:4222');
  t.is(a.string('lease'), '3s');
  t.true(a.flag('plaintext'));
  t.deepEqual(a.list('env'), ['A=1']);
  t.is(parse(['--config', file, '--lease', '20s']).string('lease'), '20s');
  t.is(parse(['--lease', '20s']).string('nats'), undefined);
});

test('a bad config file is a usage error naming the file and the key', (t) => {
  t.throws(() => parse(['--config', withFile(t, '{"nats": 5, "tls-certt": "x"}')]), { message: /unknown option 'tls-certt'/ });
  t.throws(() => parse(['--config', withFile(t, '{"plaintext": "yes"}')]), { message: /'plaintext' must be true or false/ });
  t.throws(() => parse(['--config', withFile(t, '[1]')]), { message: /must be a JSON object/ });
  t.throws(() => parse(['--config', withFile(t, '{nope')]), { message: /--config .*c\.json: / });
  t.throws(() => parse(['--config', '/nonexistent/troupe.json']), { message: /--config \/nonexistent\/troupe.json: no such file/ });
});
