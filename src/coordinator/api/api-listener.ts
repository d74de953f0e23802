// The coordinator's gRPC port, open from the moment the daemon starts, leader or standby: it
// answers the standard health service at once (a standby: NOT_SERVING for troupe's services,
// which only a leader serves) and server reflection, and the troupe services are added behind
// the auth gate when this coordinator leads (api-server.ts). Meanwhile their calls end with
// UNAVAILABLE saying why, rather than the UNIMPLEMENTED of a server that lacks them.
import '../../protocol/grpc/message-assembly.ts'; // messages put together as they arrive (message-assembly.ts says why)
import * as grpc from '@grpc/grpc-js';
import type { Http2SecureServer, ServerHttp2Session } from 'node:http2';
import type { TlsMaterial } from '../../security/daemon-tls.ts';
import { addHealthService, type Health } from '../../protocol/grpc/health.ts';
import { addReflectionService } from '../../protocol/grpc/reflection.ts';
import { autoScaleServerDefinition, batchServerDefinition, jobSchedulesServerDefinition, nodeControlServerDefinition, poolScalingServerDefinition, schedulingServerDefinition, terminalServerDefinition } from '../../protocol/grpc/proto.ts';
import { storageServiceDefinition } from '../../storage/storage-service.ts';
import { detailedStatus } from '../../protocol/grpc/error-details.ts';
import { PUBLIC_SERVICES } from '../../protocol/grpc/api-services.ts';

/** The services only a leading coordinator serves, by full name, with their definitions. */
export const LEADER_SERVICES = PUBLIC_SERVICES;
export type LeaderService = (typeof LEADER_SERVICES)[number];

export interface ApiListener {
  server: grpc.Server;
  /** HOST:PORT it is bound to (the real port when asked for port 0). */
  address: string;
  health: Health;
  /** The definition each leader service is served with (the same object, for removeService). */
  definitions: Record<LeaderService, grpc.ServiceDefinition>;
}

export async function listenApi(listen: string, tls: TlsMaterial | undefined): Promise<ApiListener> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
    'grpc.max_send_message_length': 64 * 1024 * 1024,
  });
  // Outside the auth gate, as authorize.ts explains (UNGATED_SERVICES).
  const health = addHealthService(server, Object.fromEntries(LEADER_SERVICES.map((s) => [s, 'NOT_SERVING'])));
  addReflectionService(server);
  const definitions: Record<LeaderService, grpc.ServiceDefinition> = {
    'troupe.v1.Batch': batchServerDefinition(),
    'troupe.v1.JobSchedules': jobSchedulesServerDefinition(),
    'troupe.v1.Storage': storageServiceDefinition(),
    'troupe.v1.Terminal': terminalServerDefinition(),
    'troupe.v1.Scheduling': schedulingServerDefinition(),
    'troupe.v1.NodeControl': nodeControlServerDefinition(),
    'troupe.v1.PoolScaling': poolScalingServerDefinition(),
    'troupe.v1.AutoScale': autoScaleServerDefinition(),
  };
  for (const definition of Object.values(definitions)) server.addService(definition, standbyHandlers(definition));
  const credentials = tls
    ? grpc.ServerCredentials.createSsl(tls.ca, [{ cert_chain: tls.cert, private_key: tls.key }], false)
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(listen, credentials, (err, p) => (err ? reject(err) : resolve(p))));
  widenReceiveWindows(server);
  const host = listen.slice(0, listen.lastIndexOf(':'));
  return { server, address: `${host}:${port}`, health, definitions };
}

/** Swaps a leader service's stand-in for its real handlers and says it is serving. */
export function serveLeaderService(listener: ApiListener, name: LeaderService, handlers: grpc.UntypedServiceImplementation): void {
  const definition = listener.definitions[name];
  listener.server.removeService(definition);
  listener.server.addService(definition, handlers);
  listener.health.set(name, 'SERVING');
}

const STANDBY_MESSAGE = 'this coordinator is a standby: another coordinator leads the cluster; call the leader, or retry once this one leads';

function standbyHandlers(definition: grpc.ServiceDefinition): grpc.UntypedServiceImplementation {
  const handlers: grpc.UntypedServiceImplementation = {};
  // Made for each call: a status's metadata object is not to be shared between calls.
  const standby = () => detailedStatus(grpc.status.UNAVAILABLE, STANDBY_MESSAGE);
  for (const [name, method] of Object.entries(definition)) {
    handlers[name] = (method.responseStream
      ? (call: grpc.ServerWritableStream<unknown, unknown>) => call.emit('error', standby())
      : (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(standby())) as grpc.UntypedHandleCall;
  }
  return handlers;
}

/** HTTP/2 receive windows of the API's connections and streams (what a client may send before
 *  the server's next WINDOW_UPDATE). */
export const RECEIVE_WINDOW_BYTES = 8 * 1024 * 1024;

/**
 * Uploads stream into the store with a few chunks in flight; with HTTP/2's default 64 KiB
 * window, each time the store holds the stream back the client may then send only 64 KiB per
 * round trip, and a 200 MiB upload ran at a third of what either hop does alone. grpc-js lets a
 * client set its window (grpc-node.flow_control_window) but not a server: its http2 servers
 * are reached here, and a grpc-js without them (a field that is not public) only keeps the
 * default windows.
 */
function widenReceiveWindows(server: grpc.Server): void {
  const http2Servers = (server as unknown as { http2Servers?: Map<Http2SecureServer, unknown> }).http2Servers;
  if (!(http2Servers instanceof Map)) return;
  for (const h2 of http2Servers.keys()) {
    if (typeof h2.updateSettings !== 'function') continue;
    h2.updateSettings({ initialWindowSize: RECEIVE_WINDOW_BYTES });
    h2.on('session', (session: ServerHttp2Session) => {
      try {
        session.setLocalWindowSize(RECEIVE_WINDOW_BYTES);
      } catch {
        // a session already closing
      }
    });
  }
}
