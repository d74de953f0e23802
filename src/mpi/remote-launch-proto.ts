// Loads troupe.v1.RemoteLaunch (proto/troupe/v1/remote_launch.proto) for the worker's launch
// server and for the launcher. Kept apart from the public API's loader (protocol/proto.ts) so the
// launcher, which starts once per remote MPI daemon, parses one small file and nothing else.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProtoGrpcType } from '../protocol/generated/remote_launch.ts';

export type { LaunchInput, LaunchInput__Output } from '../protocol/generated/troupe/v1/LaunchInput.ts';
export type { LaunchOutput, LaunchOutput__Output } from '../protocol/generated/troupe/v1/LaunchOutput.ts';
export type { LaunchStart__Output } from '../protocol/generated/troupe/v1/LaunchStart.ts';
export type { RemoteLaunchClient, RemoteLaunchHandlers } from '../protocol/generated/troupe/v1/RemoteLaunch.ts';

let loaded: ProtoGrpcType['troupe']['v1'] | undefined;

/** The proto/ directory: ../../proto from src/mpi/, ../proto from the launcher bundle in build/. */
function protoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.resolve(here, '../../proto'), path.resolve(here, '../proto')]) {
    if (existsSync(path.join(candidate, 'troupe/v1/remote_launch.proto'))) return candidate;
  }
  throw new Error(`proto/troupe/v1/remote_launch.proto not found near ${here}`);
}

export function loadRemoteLaunchProto(): ProtoGrpcType['troupe']['v1'] {
  if (!loaded) {
    const definition = protoLoader.loadSync('troupe/v1/remote_launch.proto', {
      includeDirs: [protoRoot()],
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
