// A repeated message field left encoded until each element is asked for. protobufjs decodes a
// whole request at once, in the gRPC library's callback: an AddTaskCollection of 100,000 tasks
// took 195 ms of the coordinator's only thread there, before any handler could slice its work.
// With this, the request's other fields are decoded at once and each element when read.
import protobuf from 'protobufjs';

export class LazyMessages<T> {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly spans: readonly (readonly [number, number])[],
    private readonly decodeOne: (bytes: Uint8Array) => T,
  ) {}

  get length(): number {
    return this.spans.length;
  }

  /** Element i decoded; throws on bytes that are not such a message. */
  get(i: number): T {
    const [start, end] = this.spans[i]!;
    return this.decodeOne(this.bytes.subarray(start, end));
  }
}

/** A decoder of `type` whose repeated message field `fieldName` comes as LazyMessages. */
export function lazyFieldDecoder(type: protobuf.Type, fieldName: string, options: protobuf.IConversionOptions): (bytes: Uint8Array) => object {
  const field = type.fields[fieldName];
  if (!field || !field.repeated || !field.resolvedType || !(field.resolvedType instanceof protobuf.Type)) {
    throw new Error(`${type.name}.${fieldName} is not a repeated message field`);
  }
  const element = field.resolvedType;
  const decodeOne = (bytes: Uint8Array) => element.toObject(element.decode(bytes), options);
  return (bytes) => {
    const reader = protobuf.Reader.create(bytes);
    const spans: [number, number][] = [];
    const others: Uint8Array[] = [];
    while (reader.pos < reader.len) {
      const start = reader.pos;
      const tag = reader.uint32();
      if (tag >>> 3 === field.id && (tag & 7) === 2) {
        const length = reader.uint32();
        spans.push([reader.pos, reader.pos + length]);
        reader.skip(length);
      } else {
        reader.skipType(tag & 7);
        others.push(bytes.subarray(start, reader.pos));
      }
    }
    const rest = type.toObject(type.decode(Buffer.concat(others)), options);
    rest[fieldName] = new LazyMessages(bytes, spans, decodeOne);
    return rest;
  };
}
