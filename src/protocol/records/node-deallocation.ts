// What happens to a node's running tasks when the node leaves its pool (a resize down, an
// autoscale formula, a removal): Azure Batch's nodeDeallocationOption.
export type NodeDeallocationOption =
  /** Stop the tasks now and put them back in their jobs' queues (the default). */
  | 'requeue'
  /** Stop the tasks now; they complete as failed. */
  | 'terminate'
  /** Let the running tasks finish; schedule no new ones on the node. */
  | 'taskcompletion'
  /** Let the tasks finish and keep their data until its retention time ends. */
  | 'retaineddata';
