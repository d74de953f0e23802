// troupe.v1.Terminal for the CLI (loaded only by `task exec` and `task attach`): grpc-js, since
// the CLI's own wire client has no client streams.
import * as grpc from '@grpc/grpc-js';
import { apiTarget, type ApiCredentials } from '../../protocol/grpc/api-credentials.ts';
import { grpcClientSetup } from '../../protocol/grpc/grpc-client-setup.ts';
import { loadTerminalProto } from '../../protocol/grpc/proto.ts';
import type { TerminalClient } from '../../protocol/generated/troupe/v1/Terminal.ts';

/** grpc-js sends an API address that is an IP as the TLS server name, which Node warns about on
 *  stderr (DEP0123: RFC 6066 allows only host names there). The CLI's wire client sends none
 *  (wire-client.ts); grpc-js has no option for that, so this one warning is dropped here: it
 *  would otherwise land in the middle of the command's own stderr. */
function dropIpServerNameWarning(): void {
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
    const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
    if (code === 'DEP0123') return;
    emit(warning, ...rest);
  }) as typeof process.emitWarning;
}

export function terminalClient(address: string, creds: ApiCredentials): TerminalClient {
  dropIpServerNameWarning();
  const target = apiTarget(address);
  const { credentials, options } = grpcClientSetup(target, creds);
  const Client = loadTerminalProto().Terminal;
  return new Client(target.hostPort, credentials, options) as unknown as TerminalClient;
}

export type { grpc };
