// What happens to the running tasks of a node that leaves its pool (a resize down, RemoveNodes,
// an autoscale formula's $NodeDeallocationOption), with Azure Batch's meaning:
//   requeue        the tasks are stopped and queued again (requeueCount, not retryCount); the node goes at once
//   terminate      the tasks are stopped and completed as terminated (failure); the node goes at once
//   taskcompletion the node takes no new task, its running tasks run to their end, then it goes
//   retaineddata   as taskcompletion (troupe keeps task files on the node until their retention anyway)
export type NodeDeallocationOption = 'requeue' | 'terminate' | 'taskcompletion' | 'retaineddata';
