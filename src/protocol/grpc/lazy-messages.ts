// Repeated message fields coded one element at a time, so that a big message is decoded and
// encoded in slices of the coordinator's work instead of in one call of the gRPC library.
// protobufjs decodes a whole request at once, in grpc-js's callback: an AddTaskCollection of
// 100,000 tasks took 195 ms of the coordinator's only thread there, and its response of 100,000
// results 35 ms to encode. LazyMessages leaves a request's elements encoded until each is read;
// encodeRepeated encodes a response's elements in slices (the service passes bytes through).
import protobuf from 'protobufjs';
import type { TimeSlice } from '../time-slice.ts';

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

/** Encodes a message of `type` that holds only the repeated message field `fieldName`, one
 *  element at a time, yielding between slices. One writer takes a slice's elements (each as
 *  tag, length and body, the way protobufjs nests a message): a writer and two buffers per
 *  element made the 1,000,000 results of ten collections cost the coordinator 1.7 s of
 *  allocating Buffer pools alone (profile of bench/stall.bench.ts). */
export async function encodeRepeated(type: protobuf.Type, fieldName: string, items: readonly object[], slice: TimeSlice): Promise<Buffer> {
  const field = type.fields[fieldName];
  if (!field || !field.repeated || !(field.resolvedType instanceof protobuf.Type)) throw new Error(`${type.name}.${fieldName} is not a repeated message field`);
  const element = field.resolvedType;
  const tag = ((field.id << 3) | 2) >>> 0;
  const parts: Uint8Array[] = [];
  let writer = protobuf.Writer.create();
  for (let i = 0; i < items.length; i++) {
    element.encode(element.fromObject(items[i]!), writer.uint32(tag).fork()).ldelim();
    if (slice.due) {
      parts.push(writer.finish());
      writer = protobuf.Writer.create();
      await slice.yield();
    }
  }
  parts.push(writer.finish());
  return parts.length === 1 ? Buffer.from(parts[0]!.buffer, parts[0]!.byteOffset, parts[0]!.byteLength) : Buffer.concat(parts);
}
