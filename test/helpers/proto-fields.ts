// Walks a message type of troupe's protocol (protobufjs reflection) for the tests that check the
// CLI against the API field by field: every field path of a type, and which of them a value sets,
// so a field added to the proto without a CLI form makes such a test fail by name.
import type protobuf from 'protobufjs';
import { messageType } from '../../src/protocol/grpc/proto-descriptor.ts';

/** Every field path of `typeName` (`multiInstanceSettings.commonResourceFiles.filePath`), message
 *  fields descended into; `skip` names the top-level fields left out (output-only ones). */
export function fieldPaths(typeName: string, skip: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const walk = (type: protobuf.Type, prefix: string, seen: Set<string>) => {
    for (const field of type.fieldsArray) {
      if (!prefix && skip.has(field.name)) continue;
      field.resolve();
      const path = `${prefix}${field.name}`;
      if (field.resolvedType && 'fieldsArray' in field.resolvedType && !seen.has(field.resolvedType.fullName)) {
        walk(field.resolvedType as protobuf.Type, `${path}.`, new Set([...seen, field.resolvedType.fullName]));
      } else {
        out.push(path);
      }
    }
  };
  walk(messageType(typeName), '', new Set([typeName]));
  return out;
}

/** Whether any of `values` sets `path` to something other than proto3's default. */
export function isSet(value: unknown, path: string): boolean {
  const [head, ...rest] = path.split('.');
  const v = (value as Record<string, unknown> | null | undefined)?.[head!];
  if (Array.isArray(v)) return rest.length === 0 ? v.length > 0 : v.some((e) => isSet(e, rest.join('.')));
  if (rest.length > 0) return isSet(v, rest.join('.'));
  if (v === undefined || v === null || v === '' || v === 0 || v === false || v === '0') return false;
  if (v instanceof Uint8Array) return v.length > 0;
  return true;
}

/** The top-level field names of `typeName`, less `skip`. */
export function topFields(typeName: string, skip: ReadonlySet<string> = new Set()): string[] {
  return messageType(typeName).fieldsArray.map((f) => f.name).filter((name) => !skip.has(name));
}
