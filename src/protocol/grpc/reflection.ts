// gRPC server reflection (grpc.reflection.v1 and v1alpha, grpc-node's @grpc/reflection), so
// grpcurl, Postman or any language's reflection client finds troupe's public services, their
// methods and messages without a copy of proto/. The descriptors come from the very .proto files
// the server's codecs are built from (proto-descriptor.ts PUBLIC_PROTO_FILES), read with the
// proto field names (snake_case), as protoc would give them, plus the health service's.
import type * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import healthCheck from 'grpc-health-check';
import path from 'node:path';
import { packagePath } from '../package-root.ts';
import { ERROR_MODEL_PROTO_FILES, PUBLIC_PROTO_FILES } from './proto-descriptor.ts';
import { HEALTH_SERVICE } from './health.ts';
import { PUBLIC_SERVICES } from './api-services.ts';

/** The services reflection lists: troupe's public ones and the standard health service. */
export const REFLECTED_SERVICES = [...PUBLIC_SERVICES, HEALTH_SERVICE];

/** The reflection services' own names, which the auth gate lets through without a token. */
export const REFLECTION_SERVICES = ['grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection'];

export function addReflectionService(server: grpc.Server): void {
  // grpc-health-check's file, as its package names it: health/v1/health.proto.
  const healthRoot = path.resolve(path.dirname(healthCheck.protoPath), '../..');
  // google/rpc's error model too, so a reflection client can decode grpc-status-details-bin.
  const definition = protoLoader.loadSync([...PUBLIC_PROTO_FILES, ...ERROR_MODEL_PROTO_FILES, path.relative(healthRoot, healthCheck.protoPath)], {
    keepCase: true,
    includeDirs: [packagePath('proto'), healthRoot],
  });
  new ReflectionService(definition, { services: REFLECTED_SERVICES }).addToServer(server);
}
