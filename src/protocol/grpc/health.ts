// The standard gRPC health service (grpc.health.v1.Health, grpc-node's grpc-health-check) on a
// troupe server, so load balancers, Kubernetes probes and grpc_health_probe ask it the usual way.
// "" is the server as a whole; each service has its own entry, and a coordinator that does not
// lead says NOT_SERVING for the services only a leader serves.
import * as grpc from '@grpc/grpc-js';
import healthCheck from 'grpc-health-check';

export type ServingStatus = 'SERVING' | 'NOT_SERVING';

/** The name of grpc.health.v1's own service, which the auth gate lets through without a token. */
export const HEALTH_SERVICE = 'grpc.health.v1.Health';

export interface Health {
  set(service: string, status: ServingStatus): void;
}

/** Adds the health service to `server`, every named service (and "") starting at `initial`. */
export function addHealthService(server: grpc.Server, initial: Record<string, ServingStatus>): Health {
  const health = new healthCheck.HealthImplementation({ '': 'SERVING', ...initial });
  health.addToServer(server);
  return { set: (service, status) => health.setStatus(service, status) };
}
