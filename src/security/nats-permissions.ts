// What each troupe daemon may do on NATS, in one place: the subjects its NATS user may publish to
// and subscribe to. `troupe nats-credentials`, `troupe up` and the tests' cluster turn these into
// nats-server's `authorization { users = [...] }` (nats-server-config.ts), so a deployment and
// the tests run with the same rules.
//
// The coordinator holds all state and is trusted with all of troupe's subjects. A worker speaks
// only for its node:
//   publish    its reports (troupe.report.<node>) and heartbeats, its own job-preparation
//              records ($KV.troupe_job_node_tasks.<job>.<node>), chunks and metadata of output
//              files ($O.troupe_files.>), answers to requests it received (allow_responses),
//              and the JetStream API requests it needs, named stream by stream
//   subscribe  its node's subjects (dispatch, terminate, start-application, output, files,
//              jobrelease) and its own inbox prefix (_INBOX_node_<node>, set with nats.js's
//              inboxPrefix), where its requests' answers and acks arrive
//
// Two holes of nats-server 2.9 shape the JetStream part. A request's reply subject is not checked
// against the sender's permissions, and JetStream answers wherever it is told, bypassing them;
// and a consumer's deliver subject is the creator's choice. So a worker that could create a
// consumer, or ask for a direct get (whose answer is a stored message, raw), could have JetStream
// deliver bytes it stored itself (an output file chunk) to troupe.report.<other node> or to
// another node's dispatch subject: a forged report or a forged task. Workers are therefore given
// neither: they read KV entries and object chunks with STREAM.MSG.GET, whose answer is a JSON
// envelope that no troupe message decoder accepts, and they poll the node policy instead of
// watching it. On top of that the coordinator attributes a report or heartbeat to the node of its
// subject and drops one that names another node (report-consumer.ts, node-registry.ts).
//
// What a compromised node can still do (README "NATS for a real deployment" says it too):
//   - read and overwrite every object of the file store (troupe_files: resource and output
//     files of every job; object names are base64 in subjects, so no per-job rule exists), and
//     purge that store; it cannot write application packages (troupe_applications)
//   - read the pools bucket (pool definitions, start tasks), the coordinator bucket (lease,
//     node policy) and other nodes' job preparation records (STREAM.MSG.GET takes its key in the
//     request body, which permissions do not see), and see every troupe stream's size (STREAM.INFO)
//   - lie about its own node and its own tasks (their exit codes, their files)
//   - send garbage or JetStream's JSON answers to any subject as a reply subject (see above):
//     every troupe subscriber drops what does not decode as its message
// It cannot: publish another node's reports or heartbeats, receive another node's dispatches,
// read the tasks, jobs or nodes buckets or the reports stream, or create or change any stream.
import { nodeControlSubject } from '../protocol/nats/node-control.ts';
import { BUCKET_APPLICATIONS, BUCKET_FILES, BUCKET_JOB_NODE_TASKS, BUCKET_POOLS, BUCKET_COORDINATOR, dispatchSubject, heartbeatSubject, HEARTBEAT_SUBJECTS, jobReleaseSubject, limitsSubject, nodeFilesSubject, outputSubject, reportSubject, startApplicationSubject, terminateSubject } from '../protocol/nats/subjects.ts';
import { KV_BUCKETS, OBJECT_STORES, TROUPE_STREAMS, kvStreamName, objectStoreStreamName } from '../protocol/nats/jetstream-resources.ts';

/** One NATS user's rules, in nats-server's terms. */
export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
  /** May answer requests it received (once each), whatever their reply subject. */
  allow_responses?: boolean;
}

/** Who a NATS user is: the coordinator(s), or the worker of one node. */
export type NatsIdentity = { role: 'coordinator' } | { role: 'worker'; nodeId: string };

const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const JS_API = '$JS.API';

/** The inbox prefix of the identity's connection (nats.js inboxPrefix): replies to its requests
 *  come there, and only it may subscribe to it. Node ids cannot contain '.', so no node's prefix
 *  is another's, nor the coordinator's. */
export function inboxPrefix(identity: NatsIdentity): string {
  return identity.role === 'coordinator' ? '_INBOX_coordinator' : `_INBOX_node_${checkedNodeId(identity.nodeId)}`;
}

/** A short name for files and config comments: 'coordinator' or 'node-<id>'. */
export function identityName(identity: NatsIdentity): string {
  return identity.role === 'coordinator' ? 'coordinator' : `node-${checkedNodeId(identity.nodeId)}`;
}

export function permissionsOf(identity: NatsIdentity): NatsPermissions {
  return identity.role === 'coordinator' ? coordinatorPermissions() : workerPermissions(identity.nodeId);
}

/** The coordinator: the JetStream API (it creates and scales every bucket and stream), every KV
 *  bucket and object store of troupe, the messages to nodes, heartbeats in, its inbox. */
export function coordinatorPermissions(): NatsPermissions {
  const toNodes = [dispatchSubject, terminateSubject, startApplicationSubject, outputSubject, nodeFilesSubject, jobReleaseSubject, limitsSubject, nodeControlSubject].map((s) => s('*'));
  return {
    publish: {
      allow: [
        `${JS_API}.>`,
        // Acks of the reports it consumes (and of any consumer of its own).
        '$JS.ACK.>',
        // Flow-control answers of the ordered consumers its KV watchers use (the start-up load of
        // every task): a watcher that cannot answer is sent nothing more, and the load stalls.
        '$JS.FC.>',
        ...KV_BUCKETS.map((b) => `$KV.${b}.>`),
        ...OBJECT_STORES.map((b) => `$O.${b}.>`),
        ...toNodes,
      ],
    },
    subscribe: { allow: [HEARTBEAT_SUBJECTS, `${inboxPrefix({ role: 'coordinator' })}.>`] },
    // No allow_responses: the coordinator answers no request (flow control is allowed above), and nats-server 2.9 keeps a
    // response permission for every message delivered with a reply subject to a user that has
    // it, for 2 minutes unless used, scanning all of them on each new one past 4,096. Each
    // report JetStream delivers carries its ack subject (published under $JS.ACK.>, which does
    // not count as using it): at full throughput nats-server spent ~1.5 ms of CPU per task there.
  };
}

/** The worker of node `nodeId` (see the top of this file for what each rule is for). */
export function workerPermissions(nodeId: string): NatsPermissions {
  const node = checkedNodeId(nodeId);
  const msgGet = (stream: string) => `${JS_API}.STREAM.MSG.GET.${stream}`;
  return {
    publish: {
      allow: [
        reportSubject(node),
        heartbeatSubject(node),
        `$KV.${BUCKET_JOB_NODE_TASKS}.*.${node}`,
        `$O.${BUCKET_FILES}.>`,
        `${JS_API}.INFO`,
        // Waiting at start for the coordinator to create every stream, then opening buckets.
        ...TROUPE_STREAMS.map((s) => `${JS_API}.STREAM.INFO.${s}`),
        // Reads: the pool (start task), its job preparation records, the node policy, the
        // metadata and chunks of resource files, output files and application packages.
        msgGet(kvStreamName(BUCKET_POOLS)),
        msgGet(kvStreamName(BUCKET_JOB_NODE_TASKS)),
        msgGet(kvStreamName(BUCKET_COORDINATOR)),
        msgGet(objectStoreStreamName(BUCKET_FILES)),
        msgGet(objectStoreStreamName(BUCKET_APPLICATIONS)),
        // A replaced or failed output upload's chunks go (object-writer.ts).
        `${JS_API}.STREAM.PURGE.${objectStoreStreamName(BUCKET_FILES)}`,
      ],
    },
    subscribe: {
      allow: [
        ...[dispatchSubject, terminateSubject, startApplicationSubject, outputSubject, nodeFilesSubject, jobReleaseSubject, limitsSubject, nodeControlSubject].map((s) => s(node)),
        `${inboxPrefix({ role: 'worker', nodeId: node })}.>`,
      ],
    },
    // Its answers to the coordinator's output and node-file requests.
    allow_responses: true,
  };
}

function checkedNodeId(nodeId: string): string {
  if (!NODE_ID.test(nodeId)) throw new Error(`node id '${nodeId}': use letters, digits, '_' and '-' (1..64)`);
  return nodeId;
}
