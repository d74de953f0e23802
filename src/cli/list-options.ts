// --filter and --select of the list commands (Azure Batch's $filter and $select, checked by the
// server), --metadata NAME=VALUE (repeatable) of the commands that create or update.
import type { CommandArgs, OptionSpecs } from './args.ts';
import type { Column } from './output-format.ts';

export const LIST_QUERY_OPTIONS = {
  filter: { type: 'string', value: 'EXPR', help: "OData filter, as Azure Batch's: \"state eq 'completed' and executionInfo/exitCode ne 0\"" },
  select: { type: 'string', value: 'PROPS', help: 'only these properties, comma-separated: id,state,executionInfo/exitCode' },
} as const satisfies OptionSpecs;

export const METADATA_OPTION = {
  metadata: { type: 'string', value: 'NAME=VALUE', multiple: true, help: 'a metadata item (repeatable)' },
} as const satisfies OptionSpecs;

/** The request's filter and select ('' when not given). */
export function listQuery(a: CommandArgs): { filter: string; select: string } {
  return { filter: a.string('filter') ?? '', select: a.string('select') ?? '' };
}

export function metadataOf(a: CommandArgs): { name: string; value: string }[] {
  return a.environment('metadata');
}

function paths(select: string): string[][] {
  return select.split(',').map((p) => p.trim()).filter(Boolean).map((p) => p.split('/'));
}

function at(item: unknown, path: readonly string[]): unknown {
  let v = item;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** The JSON form of an item with only the selected paths (all of it without --select). */
export function selectJson<T extends object>(item: T, select: string): T {
  if (select.trim() === '') return item;
  const out: Record<string, unknown> = {};
  for (const path of paths(select)) {
    let to = out;
    path.forEach((key, i) => {
      if (i === path.length - 1) to[key] = at(item, path) ?? null;
      else to = (to[key] ??= {}) as Record<string, unknown>;
    });
  }
  return out as T;
}

/** The table's columns: the selected properties, or the command's own. */
export function selectColumns<T>(select: string, columns: readonly Column<T>[]): readonly Column<T>[] {
  if (select.trim() === '') return columns;
  return paths(select).map((path) => ({
    header: path.join('/').toUpperCase(),
    value: (item: T) => {
      const v = at(item, path);
      return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    },
  }));
}
