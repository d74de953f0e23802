// Metadata (Azure Batch's MetadataItem lists) on pools, jobs and tasks: names unique, sizes
// bounded (Azure Batch documents no limit; these keep a record and a list page small), every
// error naming the item ("job.metadata[2].name is given twice (also metadata[0])").
import { InvalidArgumentError } from '../../protocol/errors.ts';
import type { MetadataRecord } from '../../protocol/records/metadata-records.ts';

export const MAX_METADATA_ITEMS = 100;
export const MAX_METADATA_NAME = 128;
export const MAX_METADATA_VALUE = 4096;
export const MAX_METADATA_BYTES = 64 * 1024;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A request's metadata list; [] and absent are the same (no metadata). */
export function validateMetadata(value: unknown, field: string): MetadataRecord[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InvalidArgumentError(field, 'must be a list of {name, value}');
  if (value.length > MAX_METADATA_ITEMS) throw new InvalidArgumentError(field, `has ${value.length} items: at most ${MAX_METADATA_ITEMS}`);
  const seen = new Map<string, number>();
  const items: MetadataRecord[] = [];
  let bytes = 0;
  value.forEach((raw: unknown, i) => {
    const f = `${field}[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidArgumentError(f, 'must be an object {name, value}');
    const { name, value: v } = raw as { name?: unknown; value?: unknown };
    if (typeof name !== 'string' || name === '') throw new InvalidArgumentError(`${f}.name`, 'is required');
    if (name.length > MAX_METADATA_NAME) throw new InvalidArgumentError(`${f}.name`, `must be at most ${MAX_METADATA_NAME} characters`);
    if (CONTROL.test(name)) throw new InvalidArgumentError(`${f}.name`, 'must not contain control characters');
    const text = v === undefined || v === null ? '' : v;
    if (typeof text !== 'string') throw new InvalidArgumentError(`${f}.value`, 'must be a string');
    if (text.length > MAX_METADATA_VALUE) throw new InvalidArgumentError(`${f}.value`, `must be at most ${MAX_METADATA_VALUE} characters`);
    const earlier = seen.get(name);
    if (earlier !== undefined) throw new InvalidArgumentError(`${f}.name`, `'${name}' is given twice (also ${field}[${earlier}])`);
    seen.set(name, i);
    bytes += Buffer.byteLength(name) + Buffer.byteLength(text);
    if (bytes > MAX_METADATA_BYTES) throw new InvalidArgumentError(field, `is larger than ${MAX_METADATA_BYTES / 1024} KiB in all`);
    items.push({ name, value: text });
  });
  return items;
}

/** As a record's optional field: absent when there is none (records stay as small as before). */
export function metadataField(value: unknown, field: string): { metadata?: MetadataRecord[] } {
  const metadata = validateMetadata(value, field);
  return metadata.length > 0 ? { metadata } : {};
}
