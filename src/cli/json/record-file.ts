// What `job create --file` and `pool create --file` share: one object in the form `show -o json`
// prints, so a record shown can be created again (elsewhere, or under another id with --id).
// Output-only fields are accepted and ignored; an unknown field is refused by its path. Shapes
// only: the server owns the rules.
import { InputFileError } from '../cli-errors.ts';
import { isObject, read, type Fail, type Shape } from './job-schedule-json.ts';

export interface RecordFileKind {
  /** The record's name in messages and field paths: 'job', 'pool'. */
  name: string;
  /** The fields a create takes, by shape. */
  fields: Record<string, Shape>;
  /** What `show` prints that a create does not take. */
  readOnly: ReadonlySet<string>;
}

export function parseRecordFile(kind: RecordFileKind, content: string, source: string): Record<string, unknown> & { id: string } {
  let item: unknown;
  try {
    item = JSON.parse(content);
  } catch (err) {
    throw new InputFileError(`${source}: invalid JSON: ${(err as Error).message}`);
  }
  const fail: Fail = (m) => new InputFileError(`${source}: ${m}`);
  if (!isObject(item)) throw fail(`expected a ${kind.name} object`);
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item)) {
    if (key === 'id' || kind.readOnly.has(key)) continue;
    if (!(key in kind.fields)) throw fail(`unknown field '${key}'`);
    fields[key] = value;
  }
  if (item.id !== undefined && item.id !== null && typeof item.id !== 'string') throw fail(`'id' must be a string`);
  // Paths are named from the record itself ('startTask.commandLine'), not 'pool.startTask...'.
  const prefix = new RegExp(`'${kind.name}\\.`, 'g');
  const record = read(kind.fields, fields, kind.name, (m) => fail(m.replace(prefix, "'"))) as Record<string, unknown>;
  return { ...record, id: (item.id as string | undefined) ?? '' };
}
