// troupe.v1.Terminal for the CLI (loaded only by `task exec` and `task attach`): grpc-js, since
// the CLI's own wire client has no client streams.
import * as grpc from '@grpc/grpc-js';
import { apiTarget, type ApiCredentials } from '../../protocol/grpc/api-credentials.ts';
import { grpcClientSetup } from '../../protocol/grpc/grpc-client-setup.ts';
import { loadTerminalProto } from '../../protocol/grpc/proto.ts';
import type { TerminalClient } from '../../protocol/generated/troupe/v1/Terminal.ts';

export function terminalClient(address: string, creds: ApiCredentials): TerminalClient {
  const target = apiTarget(address);
  const { credentials, options } = grpcClientSetup(target, creds);
  const Client = loadTerminalProto().Terminal;
  return new Client(target.hostPort, credentials, options) as unknown as TerminalClient;
}

export type { grpc };
