// A field's path as troupe's validators name it (the request's JSON form: camelCase names,
// `tasks[3].resourceFiles[0].filePath`) to its path in the proto (AIP-193's convention: proto
// field names, zero-based indexes: `tasks[3].resource_files[0].file_path`), walked through the
// request's message type so that every name is a real field. A path that leaves the descriptors
// (a name no message has) is still converted, name by name, and marked unresolved: a unit test
// walks real validation errors and holds every one of them resolved.
import protobuf from 'protobufjs';

export interface ProtoFieldPath {
  path: string;
  /** Every segment is a field of the message it is read in. */
  resolved: boolean;
}

/** A camelCase name (as protobufjs gives proto names, keepCase off) as the .proto writes it:
 *  commandLine -> command_line. A unit test holds it for every field of proto/. */
export function protoFieldName(jsonName: string): string {
  return jsonName.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$/;

/** How validators name the request as a whole ("request is required"): no field of it. */
export const WHOLE_REQUEST = 'request';

export function protoFieldPath(requestType: protobuf.Type | undefined, jsonPath: string): ProtoFieldPath {
  if (jsonPath === WHOLE_REQUEST) return { path: '', resolved: true };
  let type: protobuf.Type | undefined = requestType;
  let resolved = requestType !== undefined;
  const out: string[] = [];
  for (const segment of jsonPath.split('.')) {
    const m = SEGMENT.exec(segment);
    if (!m) {
      out.push(segment);
      resolved = false;
      type = undefined;
      continue;
    }
    const [, name, indexes] = m as unknown as [string, string, string];
    const field = type?.fields[name];
    if (!field) {
      out.push(protoFieldName(name) + indexes);
      resolved = false;
      type = undefined;
      continue;
    }
    // An index only on a repeated field; a repeated field is read further only through one.
    const indexed = indexes !== '';
    if (indexed && (!field.repeated || indexes.indexOf('[', 1) !== -1)) resolved = false;
    out.push(protoFieldName(field.name) + indexes);
    field.resolve();
    type = field.resolvedType instanceof protobuf.Type && (!field.repeated || indexed) ? field.resolvedType : undefined;
  }
  return { path: out.join('.'), resolved };
}
