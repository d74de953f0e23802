// Job-scoped credentials for tasks: a job manager (and any task with authenticationTokenSettings
// access ['job']) finds a token in its environment that may act on its own job only
// (job-scope.ts), with the API's address and CA, so that `troupe task add --job
// $AZ_BATCH_JOB_ID ...` works from inside it.
//
// One token per job, made when the job's first such task is dispatched and kept in memory only
// (the store has its hash, as for every token): a coordinator that restarts makes a new one at
// the next dispatch that needs it. Every token of a job is revoked when the job completes or is
// deleted, at once by this coordinator, and at start-up for what an earlier one left.
import type { ClusterState } from '../state/cluster-state.ts';
import type { TokenStore } from './token-store.ts';
import type { DispatchMessage, TaskApiCredentials } from '../../protocol/nats/messages.ts';
import type { JobRecord, TaskRecord } from '../../protocol/records/records.ts';
import { wantsJobToken } from '../../protocol/records/job-manager-records.ts';
import { FailedPreconditionError } from '../../protocol/errors.ts';
import type { Logger } from '../../protocol/log.ts';

/** The API as tasks reach it. */
export interface ApiEndpoint {
  /** HOST:PORT clients can reach (--api-advertise, or the address the API is bound to). */
  address: string;
  /** The CA of the API's certificate (PEM); undefined = a plaintext API. */
  caPem?: string;
}

/** Wildcard hosts: an API bound there has no one address to give tasks. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]', '']);

/** The address tasks are given: the advertised one, else the bound address unless it is a
 *  wildcard (then undefined: tasks asking for a token are refused, naming --api-advertise). */
export function advertisedApiAddress(bound: string, advertise: string | undefined): string | undefined {
  if (advertise) return advertise;
  const host = bound.slice(0, bound.lastIndexOf(':'));
  return WILDCARD_HOSTS.has(host) ? undefined : bound;
}

export class JobCredentials {
  /** jobId -> its token's bearer string, made once per coordinator run. */
  private readonly bearers = new Map<string, Promise<string>>();
  /** Known once the API is bound (serving()); undefined then = no address to give tasks. */
  private endpoint: ApiEndpoint | undefined;
  private readonly endpointKnown: Promise<ApiEndpoint | undefined>;
  private resolveEndpoint!: (e: ApiEndpoint | undefined) => void;

  constructor(
    private readonly state: ClusterState,
    private readonly tokens: TokenStore,
    private readonly log: Logger,
  ) {
    this.endpointKnown = new Promise((resolve) => (this.resolveEndpoint = resolve));
    state.events.on('job', (job) => {
      if (job.state === 'completed' || job.state === 'deleting') this.revoke(job.id);
    });
    state.events.on('jobDeleted', (jobId) => this.revoke(jobId));
  }

  /** The API is bound: its address for tasks (undefined when it has none to give). Dispatches
   *  that need a token wait for this. */
  serving(endpoint: ApiEndpoint | undefined): void {
    this.endpoint = endpoint;
    this.resolveEndpoint(endpoint);
  }

  /** Revokes the tokens of jobs that completed or went while no coordinator was there to. */
  async resume(): Promise<void> {
    for (const jobId of this.tokens.jobScoped().keys()) {
      const state = this.state.jobs.get(jobId)?.state;
      if (state === undefined || state === 'completed' || state === 'deleting') await this.revokeNow(jobId);
    }
  }

  /** Refuses a task (or a job manager) that asks for a token when tasks could not use one: the
   *  coordinator knows no address of its API to give them. `field` names the request's field. */
  checkAvailable(t: { authenticationTokenSettings?: TaskRecord['authenticationTokenSettings'] }, field: string): FailedPreconditionError | undefined {
    if (!wantsJobToken(t) || this.endpoint) return undefined;
    return new FailedPreconditionError(`${field}.authenticationTokenSettings: the coordinator knows no API address to give the task (its API listens on a wildcard address): start it with --api-advertise HOST:PORT (an address tasks reach it at), or set access to [] for no token`);
  }

  /** The dispatch with the task's credentials when it asks for them (a promise only then, so
   *  that every other dispatch goes out at once). */
  completeDispatch(t: TaskRecord, job: JobRecord, message: DispatchMessage): DispatchMessage | Promise<DispatchMessage> {
    if (!wantsJobToken(t)) return message;
    return this.endpointKnown.then(async (endpoint): Promise<DispatchMessage> => {
      // Accepted when an address was known (a coordinator since started without one): the task
      // runs without a token, and says so in its log.
      if (!endpoint) {
        this.log.warn('a task asks for a job token but the coordinator knows no API address to give it (--api-advertise)', { jobId: job.id, taskId: t.id });
        return message;
      }
      const token = await this.bearerFor(job);
      const apiCredentials: TaskApiCredentials = {
        api: endpoint.caPem === undefined ? `http://${endpoint.address}` : endpoint.address,
        token,
        ...(endpoint.caPem === undefined ? {} : { caPem: endpoint.caPem }),
      };
      return { ...message, apiCredentials };
    });
  }

  private bearerFor(job: JobRecord): Promise<string> {
    let bearer = this.bearers.get(job.id);
    if (!bearer) {
      // Jobs from before tokens had owners: such a job is an admin's (only admins see it).
      bearer = this.tokens.createForJob(job.owner ?? 'admin', job.id).then(({ record, bearer: b }) => {
        this.log.info('job token created', { jobId: job.id, tokenId: record.id });
        return b;
      });
      bearer.catch(() => this.bearers.delete(job.id)); // tried again at the next dispatch
      this.bearers.set(job.id, bearer);
    }
    return bearer;
  }

  private revoke(jobId: string): void {
    void this.revokeNow(jobId).catch((err) => this.log.warn('could not revoke a job token (revoked at the next start-up)', { jobId, err }));
  }

  private async revokeNow(jobId: string): Promise<void> {
    const pending = this.bearers.get(jobId);
    this.bearers.delete(jobId);
    await pending?.catch(() => undefined); // a token being made is revoked too
    const count = await this.tokens.revokeForJob(jobId);
    if (count > 0) this.log.info('job tokens revoked', { jobId, count });
  }
}
