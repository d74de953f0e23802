// troupe.internal.v1.RemoteLaunch (proto/troupe/internal/v1/remote_launch.proto), the worker's launch service: its
// loader (protocol/proto.ts, shared by every service) and its message types, under one name for
// the launch server and its tests. The launcher itself speaks the wire format directly
// (launch-wire.ts) and loads neither.
export type { LaunchInput, LaunchInput__Output } from '../protocol/generated/troupe/internal/v1/LaunchInput.ts';
export type { LaunchOutput, LaunchOutput__Output } from '../protocol/generated/troupe/internal/v1/LaunchOutput.ts';
export type { LaunchStart__Output } from '../protocol/generated/troupe/internal/v1/LaunchStart.ts';
export type { RemoteLaunchClient, RemoteLaunchHandlers } from '../protocol/generated/troupe/internal/v1/RemoteLaunch.ts';

export { loadRemoteLaunchProto } from '../protocol/grpc/proto.ts';
