// Loads troupe.v1.RemoteLaunch (proto/troupe/v1/remote_launch.proto) for the worker's launch
// server and for the launcher. Kept apart from the public API's loader (protocol/proto.ts) so the
// launcher, which starts once per remote MPI daemon, parses one small file and nothing else.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { packagePath } from '../protocol/package-root.ts';
import type { ProtoGrpcType } from '../protocol/generated/remote_launch.ts';

export type { LaunchInput, LaunchInput__Output } from '../protocol/generated/troupe/v1/LaunchInput.ts';
export type { LaunchOutput, LaunchOutput__Output } from '../protocol/generated/troupe/v1/LaunchOutput.ts';
export type { LaunchStart__Output } from '../protocol/generated/troupe/v1/LaunchStart.ts';
export type { RemoteLaunchClient, RemoteLaunchHandlers } from '../protocol/generated/troupe/v1/RemoteLaunch.ts';

let loaded: ProtoGrpcType['troupe']['v1'] | undefined;

export function loadRemoteLaunchProto(): ProtoGrpcType['troupe']['v1'] {
  if (!loaded) {
    const definition = protoLoader.loadSync('troupe/v1/remote_launch.proto', {
      includeDirs: [packagePath('proto')],
      keepCase: false,
      longs: String,
      enums: String,
      defaults: true,
      oneofs: true,
    });
    loaded = (grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType).troupe.v1;
  }
  return loaded;
}
