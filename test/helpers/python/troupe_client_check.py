"""A troupe client in Python, from stubs protoc generated out of proto/ (test/python-client.test.ts).

It uses nothing of troupe's TypeScript: grpcio, the generated messages and stubs, the cluster's CA
and a bearer token, as any user of another language would. It runs the API end to end and prints
one JSON object of what it saw, which the test checks; any unexpected error ends it non-zero.

Usage: troupe_client_check.py STUBS_DIR API_ADDRESS CA_FILE TOKEN_FILE POOL_ID
"""
import json
import sys

stubs, address, ca_file, token_file, pool_id = sys.argv[1:6]
sys.path.insert(0, stubs)

import grpc  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402
from troupe.v1 import batch_service_pb2 as batch  # noqa: E402
from troupe.v1 import batch_service_pb2_grpc as batch_grpc  # noqa: E402
from troupe.v1 import job_pb2, pool_pb2, task_pb2  # noqa: E402
from grpc_health_v1 import health_pb2, health_pb2_grpc  # noqa: E402
from grpc_reflection_v1 import reflection_pb2, reflection_pb2_grpc  # noqa: E402

DEADLINE_S = 60

with open(ca_file, "rb") as f:
    ca = f.read()
with open(token_file) as f:
    token = f.read().strip()

# TLS against the cluster's CA, and the token on every call (as `authorization: Bearer ...`).
credentials = grpc.composite_channel_credentials(
    grpc.ssl_channel_credentials(root_certificates=ca),
    grpc.access_token_call_credentials(token),
)
channel = grpc.secure_channel(address, credentials)
api = batch_grpc.BatchStub(channel)
seen = {}

# A pool of its own (no worker joins it: it is only created, read back and deleted), then a job on
# the cluster's pool, whose workers run the task.
created = api.CreatePool(pool_pb2.CreatePoolRequest(pool=pool_pb2.Pool(id="py-pool", task_slots_per_node=3)), timeout=DEADLINE_S)
seen["pool"] = {"id": created.id, "slots": api.GetPool(pool_pb2.GetPoolRequest(pool_id="py-pool"), timeout=DEADLINE_S).task_slots_per_node}
api.DeletePool(pool_pb2.DeletePoolRequest(pool_id="py-pool"), timeout=DEADLINE_S)

api.CreateJob(job_pb2.CreateJobRequest(job=job_pb2.Job(id="py-job", pool_info=job_pb2.PoolInformation(pool_id=pool_id))), timeout=DEADLINE_S)

# The Watch is open (with the job's current state first) before the task is added, so that its
# completion cannot be missed; the stream is read until the task is completed.
watch = api.Watch(batch.WatchRequest(job_id="py-job", include_initial=True), timeout=DEADLINE_S)
first = next(watch)
seen["watch_first_event"] = first.WhichOneof("event")
added = api.AddTask(task_pb2.AddTaskRequest(job_id="py-job", task=task_pb2.TaskSpec(
    id="hello", command_args=["/bin/sh", "-c", "echo hello from $AZ_BATCH_TASK_ID; echo to-stderr >&2"],
)), timeout=DEADLINE_S)
seen["added_state"] = added.state
states = []
for event in watch:
    if event.WhichOneof("event") != "task" or event.task.id != "hello":
        continue
    states.append(event.task.state)
    if event.task.state == "completed":
        info = event.task.execution_info
        seen["completed"] = {"result": info.result, "exit_code": info.exit_code, "has_exit_code": info.HasField("exit_code"), "node_id": info.node_id}
        break
watch.cancel()
seen["watched_states"] = states

stdout = b"".join(chunk.data for chunk in api.GetTaskOutput(task_pb2.GetTaskOutputRequest(job_id="py-job", task_id="hello"), timeout=DEADLINE_S))
stderr = b"".join(chunk.data for chunk in api.GetTaskOutput(task_pb2.GetTaskOutputRequest(job_id="py-job", task_id="hello", stream="stderr"), timeout=DEADLINE_S))
seen["stdout"] = stdout.decode()
seen["stderr"] = stderr.decode()

# A bad request: its error carries a google.rpc.Status in the grpc-status-details-bin trailer,
# with a BadRequest naming the field by its proto path.
try:
    api.AddTask(task_pb2.AddTaskRequest(job_id="py-job", task=task_pb2.TaskSpec(id="bad", command_line="")), timeout=DEADLINE_S)
    seen["bad_request"] = "accepted"
except grpc.RpcError as err:
    trailers = dict(err.trailing_metadata() or ())
    status = status_pb2.Status.FromString(trailers["grpc-status-details-bin"])
    violations = []
    for detail in status.details:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad = error_details_pb2.BadRequest()
            detail.Unpack(bad)
            violations += [{"field": v.field, "description": v.description} for v in bad.field_violations]
    seen["bad_request"] = {
        "code": err.code().name, "details": err.details(),
        "status_code": status.code, "status_message": status.message, "violations": violations,
    }

# An unknown job: NOT_FOUND, as every unknown id.
try:
    api.GetJob(job_pb2.GetJobRequest(job_id="no-such-job"), timeout=DEADLINE_S)
    seen["unknown_job"] = "found"
except grpc.RpcError as err:
    seen["unknown_job"] = err.code().name

# The standard services need no token: a channel with TLS only.
plain = grpc.secure_channel(address, grpc.ssl_channel_credentials(root_certificates=ca))
health = health_pb2_grpc.HealthStub(plain)
seen["health"] = {
    name or "(server)": health_pb2.HealthCheckResponse.ServingStatus.Name(health.Check(health_pb2.HealthCheckRequest(service=name), timeout=DEADLINE_S).status)
    for name in ["", "troupe.v1.Batch"]
}
reflection = reflection_pb2_grpc.ServerReflectionStub(plain)
answers = reflection.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=DEADLINE_S)
seen["reflected_services"] = sorted(s.name for answer in answers for s in answer.list_services_response.service)

# Without the token a troupe call is refused.
try:
    batch_grpc.BatchStub(plain).ListPools(pool_pb2.ListPoolsRequest(), timeout=DEADLINE_S)
    seen["without_token"] = "allowed"
except grpc.RpcError as err:
    seen["without_token"] = err.code().name

print(json.dumps(seen))
