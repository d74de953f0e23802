// How API values appear in the CLI's JSON form: an unset value is null, never "" or 0, so that
// scripts can test for presence the same way for every field.

/** proto3 sends "" for an unset string. */
export function text(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}
