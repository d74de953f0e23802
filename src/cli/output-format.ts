// The two output formats: aligned tables for people, JSON for scripts. Tables show the fields
// that matter at a glance; JSON (see json-form.ts) shows everything, always with the same keys.
export type OutputFormat = 'table' | 'json';

export type Cell = string | number | boolean | null | undefined;

export interface Column<T> {
  header: string;
  value(row: T): Cell;
  /** Numbers read better right-aligned. */
  align?: 'left' | 'right';
}

/** Shown for an unset value, so columns never collapse. */
const UNSET = '-';

export function cellText(value: Cell): string {
  if (value === null || value === undefined || value === '') return UNSET;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** A header row and one row per item, columns separated by two spaces; no trailing blanks. */
export function renderTable<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const cells = rows.map((row) => columns.map((c) => cellText(c.value(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i].align === 'right' ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}

/** One object as `label  value` lines, for show/create commands. */
export function renderFields(fields: readonly (readonly [string, Cell])[]): string {
  const width = Math.max(...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${label.padEnd(width)}  ${cellText(value)}`.trimEnd()).join('\n');
}

export function renderJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** RFC 3339 timestamps without the fractional seconds, which only widen a table. */
export function shortTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  return iso.replace(/\.\d+(?=Z|[+-]\d\d:\d\d$)/, '');
}


/** A table written page by page, so a list of any length is printed with one page in memory:
 *  column widths come from the first page (and the headers); a longer cell later only pushes
 *  the rest of its own row. */
export class TableWriter<T> {
  private widths?: number[];

  constructor(private readonly columns: readonly Column<T>[]) {}

  /** The header with the first page, then rows only. */
  page(rows: readonly T[]): string {
    const cells = rows.map((row) => this.columns.map((c) => cellText(c.value(row))));
    const first = this.widths === undefined;
    this.widths ??= this.columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i].length)));
    const line = (values: string[]) =>
      values
        .map((v, i) => (this.columns[i].align === 'right' ? v.padStart(this.widths![i]) : v.padEnd(this.widths![i])))
        .join('  ')
        .trimEnd();
    const lines = cells.map(line);
    if (first) lines.unshift(line(this.columns.map((c) => c.header)));
    return lines.map((l) => `${l}\n`).join('');
  }
}

/** A JSON array written item by item, as renderJson would print it whole. */
export class JsonArrayWriter {
  private count = 0;

  page(items: readonly unknown[]): string {
    let text = '';
    for (const item of items) {
      text += `${this.count === 0 ? '[\n' : ',\n'}${JSON.stringify(item, null, 2).replace(/^/gm, '  ')}`;
      this.count++;
    }
    return text;
  }

  end(): string {
    return this.count === 0 ? '[]\n' : '\n]\n';
  }
}
