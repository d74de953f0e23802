// The public services whose calls troupe's API clients (api-client.ts, wire-client.ts) offer as
// one object, so a caller writes `api.CreateJobSchedule(...)` whichever service serves it. Method
// names are unique across them (a unit test holds it). Storage and Terminal, whose calls are
// client and bidirectional streams, have clients of their own.
import type { BatchClient } from '../generated/troupe/v1/Batch.ts';
import type { JobSchedulesClient } from '../generated/troupe/v1/JobSchedules.ts';
import type { NodeControlClient } from '../generated/troupe/v1/NodeControl.ts';
import type { SchedulingClient } from '../generated/troupe/v1/Scheduling.ts';
import type { PoolScalingClient } from '../generated/troupe/v1/PoolScaling.ts';
import type { AutoScaleClient } from '../generated/troupe/v1/AutoScale.ts';

/** Every public troupe service, by full name: what a leading coordinator serves behind its gate
 *  (api-listener.ts), what reflection lists, where a public method's request type is looked up
 *  (proto-descriptor.ts). Their method names are unique across them (a unit test holds it). */
export const PUBLIC_SERVICES = ['troupe.v1.Batch', 'troupe.v1.JobSchedules', 'troupe.v1.Storage', 'troupe.v1.Terminal', 'troupe.v1.Scheduling', 'troupe.v1.NodeControl', 'troupe.v1.AutoScale', 'troupe.v1.PoolScaling'] as const;
export type PublicService = (typeof PUBLIC_SERVICES)[number];

export const API_CLIENT_SERVICES = ['troupe.v1.Batch', 'troupe.v1.JobSchedules', 'troupe.v1.Scheduling', 'troupe.v1.NodeControl', 'troupe.v1.AutoScale', 'troupe.v1.PoolScaling'] as const;
export type ApiClientService = (typeof API_CLIENT_SERVICES)[number];

/** Every method of those services, as the generated clients type them. */
export type ApiServiceClients = BatchClient & JobSchedulesClient & SchedulingClient & NodeControlClient & AutoScaleClient & PoolScalingClient;
