// A request carrying a field this server does not know is refused, not silently dropped:
// protobufjs skips unknown fields when it decodes, so a client written against a newer proto (or
// another service's) would have its `exitConditions` ignored without a word. Before a request is
// decoded, its bytes are walked once in wire format against the request type's field numbers,
// recursing into the known message fields; the first unknown field is named by its path and
// number ("tasks[3]: field 50 of troupe.v1.TaskSpec"). The walk reads varints and skips lengths,
// allocating nothing: its cost is measured on a 64 MiB AddTaskCollection (bench/stall.bench.ts).
import protobuf from 'protobufjs';

interface FieldInfo {
  name: string;
  repeated: boolean;
  /** Set for a message-typed field (not a map, which troupe's protos do not use). */
  child?: TypeInfo;
}

interface TypeInfo {
  fullName: string;
  fields: Map<number, FieldInfo>;
}

const infos = new WeakMap<protobuf.Type, TypeInfo>();

function infoOf(type: protobuf.Type): TypeInfo {
  let info = infos.get(type);
  if (info) return info;
  info = { fullName: type.fullName.replace(/^\./, ''), fields: new Map() };
  infos.set(type, info); // before the fields: recursive types refer to it
  for (const field of type.fieldsArray) {
    field.resolve();
    const child = field.resolvedType instanceof protobuf.Type && !(field instanceof protobuf.MapField) ? infoOf(field.resolvedType) : undefined;
    info.fields.set(field.id, { name: field.name, repeated: field.repeated, ...(child ? { child } : {}) });
  }
  return info;
}

/** Why a message cannot be taken as it is (a field this server does not know), or undefined. */
export class UnknownFieldError extends Error {
  override name = 'UnknownFieldError';
}

/** Throws UnknownFieldError naming the first field of `bytes` that `type` does not define. */
export function checkKnownFields(type: protobuf.Type, bytes: Uint8Array): void {
  walk(bytes, 0, bytes.length, infoOf(type), '');
}

function walk(buf: Uint8Array, start: number, end: number, info: TypeInfo, path: string): void {
  let pos = start;
  // Repeated elements are named by their index: counted per field number as they come.
  let counts: Map<number, number> | undefined;
  while (pos < end) {
    // The tag (a varint, at most 5 bytes for 32 bits).
    let tag = 0;
    let shift = 0;
    let b: number;
    do {
      if (pos >= end) return; // truncated: the decoder reports it
      b = buf[pos++]!;
      tag += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80 && shift < 35);
    const number = Math.floor(tag / 8);
    const wireType = tag % 8;
    const field = info.fields.get(number);
    if (!field) {
      const where = path === '' ? '' : `${path}: `;
      throw new UnknownFieldError(`${where}field ${number} (wire type ${wireType}) of ${info.fullName} is not supported by this server; it would be dropped, so the request is refused`);
    }
    switch (wireType) {
      case 0:
        while (pos < end && buf[pos++]! & 0x80);
        break;
      case 1:
        pos += 8;
        break;
      case 5:
        pos += 4;
        break;
      case 2: {
        let length = 0;
        shift = 0;
        do {
          if (pos >= end) return;
          b = buf[pos++]!;
          length += (b & 0x7f) * 2 ** shift;
          shift += 7;
        } while (b & 0x80 && shift < 35);
        if (field.child) {
          let name = path === '' ? field.name : `${path}.${field.name}`;
          if (field.repeated) {
            counts ??= new Map();
            const i = counts.get(number) ?? 0;
            counts.set(number, i + 1);
            name += `[${i}]`;
          }
          walk(buf, pos, Math.min(end, pos + length), field.child, name);
        }
        pos += length;
        break;
      }
      default:
        // Groups (3, 4) are not proto3; anything else is malformed: left to the decoder.
        return;
    }
  }
}
