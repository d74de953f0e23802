// Azure Batch's $select: a comma-separated list of the properties to return (`id,state,
// executionInfo/exitCode`); every other field of each listed item is left at its default. Paths
// are checked against the API message's fields (protobuf reflection), so a misspelt property is
// refused naming it and its position, not silently returned empty.
import protobuf from 'protobufjs';
import { messageType } from '../../protocol/grpc/proto-descriptor.ts';
import { FilterSyntaxError } from './odata-lexer.ts';

/** A checked $select: the paths to keep, or undefined for "everything". */
export type Selection = readonly (readonly string[])[] | undefined;

const MAX_SELECT_LENGTH = 4096;

/** Parses `source` against the message type `typeName` (troupe.v1.Task); errors name `requestField`. */
export function parseSelect(source: string, typeName: string, requestField: 'select' | 'taskSelect' = 'select'): Selection {
  if (source.trim() === '') return undefined;
  if (source.length > MAX_SELECT_LENGTH) throw new FilterSyntaxError(requestField, `is longer than ${MAX_SELECT_LENGTH} characters`);
  const root = messageType(typeName);
  const paths: string[][] = [];
  let at = 0;
  for (const raw of source.split(',')) {
    const name = raw.trim();
    const where = at + raw.indexOf(name);
    at += raw.length + 1;
    if (name === '') throw new FilterSyntaxError(requestField, 'has an empty property', where);
    const path = name.split('/');
    let type: protobuf.Type | undefined = root;
    for (const segment of path) {
      const field: protobuf.Field | undefined = type?.fields[segment];
      if (!type || !field) throw new FilterSyntaxError(requestField, `unknown property '${name}' of ${typeName.replace(/^troupe\.v1\./, '')}`, where);
      type = field.resolvedType instanceof protobuf.Type && !field.repeated ? field.resolvedType : undefined;
    }
    paths.push(path);
  }
  return paths;
}

/** `item` with only the selected paths (the others absent: their defaults on the wire). */
export function applySelect<T extends object>(item: T, selection: Selection): T {
  if (!selection) return item;
  const out: Record<string, unknown> = {};
  for (const path of selection) copyPath(item as Record<string, unknown>, out, path, 0);
  return out as T;
}

function copyPath(from: Record<string, unknown>, to: Record<string, unknown>, path: readonly string[], i: number): void {
  const key = path[i]!;
  const value = from[key];
  if (value === undefined) return;
  if (i === path.length - 1 || value === null || typeof value !== 'object') {
    to[key] = value;
    return;
  }
  const child = (to[key] ??= {}) as Record<string, unknown>;
  copyPath(value as Record<string, unknown>, child, path, i + 1);
}
