// Simulated nodes for the control-plane benchmarks: they speak the real worker protocol over
// NATS (heartbeats, dispatches, batched report publishes acknowledged by JetStream, through the
// worker's own ReportPublisher) and end each task at once, spawning nothing.
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { decode, encode } from '../src/protocol/nats/codec.ts';
import type { JetStreamWriter } from '../src/protocol/nats/jetstream-writer.ts';
import type { DispatchMessage, Heartbeat } from '../src/protocol/nats/messages.ts';
import { dispatchSubject, heartbeatSubject } from '../src/protocol/nats/subjects.ts';
import { ReportPublisher } from '../src/worker/report-publisher.ts';
import { silentLogger } from '../src/protocol/log.ts';

/** One simulated node of `poolId` with `slots` slots: heartbeats, and an immediate exit for every
 *  dispatch, with the code `exitCodeOf(taskId)` (default 0). Returns its stop. */
export function simulateNode(nc: NatsConnection, writer: JetStreamWriter, nodeId: string, poolId: string, slots: number, exitCodeOf: (taskId: string) => number = () => 0): () => void {
  const publisher = new ReportPublisher(writer, nodeId, silentLogger);
  const bootId = randomUUID();
  const started = new Date().toISOString();
  const heartbeat = () => {
    const hb: Heartbeat = {
      nodeId, poolId, address: '127.0.0.1', hostName: 'sim', slots, bootId,
      agentVersion: 'sim', agentStartTime: started, running: [], taskContainment: 'process-group',
    };
    nc.publish(heartbeatSubject(nodeId), encode(hb));
  };
  const sub = nc.subscribe(dispatchSubject(nodeId), {
    callback: (err, msg) => {
      if (err) return;
      const d = decode<DispatchMessage>(msg.data);
      const time = new Date().toISOString();
      void publisher.publish({ kind: 'exited', jobId: d.jobId, taskId: d.taskId, uid: d.uid, attempt: d.attempt, nodeId, time, startTime: time, exitCode: exitCodeOf(d.taskId) });
    },
  });
  heartbeat();
  const timer = setInterval(heartbeat, 1000);
  return () => {
    clearInterval(timer);
    sub.unsubscribe();
    publisher.close();
  };
}
