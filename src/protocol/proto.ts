// Loads proto/troupe/v1 once, for the API server and every client. Field names become camelCase,
// which are Azure Batch's JSON names (commandLine, executionInfo, ...).
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { packagePath } from './package-root.ts';
import type { ProtoGrpcType } from './generated/batch_service.ts';

export const PROTO_ROOT = packagePath('proto');

let loaded: ProtoGrpcType | undefined;

export function loadTroupeProto(): ProtoGrpcType {
  if (!loaded) {
    const definition = protoLoader.loadSync('troupe/v1/batch_service.proto', {
      includeDirs: [PROTO_ROOT],
      keepCase: false,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    loaded = grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType;
  }
  return loaded;
}
