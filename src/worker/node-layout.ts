// The node's directories, laid out as Azure Batch lays them out, and the AZ_BATCH_* variables
// that point into them, so scripts written for Azure Batch find their files unchanged.
import path from 'node:path';

export class NodeLayout {
  readonly startupDir: string;
  readonly sharedDir: string;
  readonly applicationsDir: string;
  readonly workitemsDir: string;
  readonly tmpDir: string;
  /** The node's cache of store objects (object-cache.ts); not an Azure Batch directory. */
  readonly objectCacheDir: string;

  /** @param dedicated false on a low-priority node (`troupe worker --low-priority`), which its
   *  provider may take back at short notice: tasks see it in AZ_BATCH_NODE_IS_DEDICATED. */
  constructor(readonly root: string, readonly dedicated = true) {
    this.root = path.resolve(root);
    this.startupDir = path.join(this.root, 'startup');
    this.sharedDir = path.join(this.root, 'shared');
    this.applicationsDir = path.join(this.root, 'applications');
    this.workitemsDir = path.join(this.root, 'workitems');
    this.tmpDir = path.join(this.root, 'tmp');
    this.objectCacheDir = path.join(this.root, 'cache', 'objects');
  }

  /** `workitems/<job>/job-1`: ids are validated ([A-Za-z0-9_-]), so they cannot leave the root. */
  jobDir(jobId: string): string {
    return path.join(this.workitemsDir, safeSegment(jobId), 'job-1');
  }

  taskDir(jobId: string, taskId: string): string {
    return path.join(this.jobDir(jobId), safeSegment(taskId));
  }

  taskWorkingDir(jobId: string, taskId: string): string {
    return path.join(this.taskDir(jobId, taskId), 'wd');
  }

  jobPrepDir(jobId: string): string {
    return path.join(this.jobDir(jobId), 'jobpreparation');
  }

  taskEnvironment(ids: { poolId: string; nodeId: string; jobId: string; taskId: string }): Record<string, string> {
    return {
      AZ_BATCH_POOL_ID: ids.poolId,
      AZ_BATCH_NODE_ID: ids.nodeId,
      AZ_BATCH_JOB_ID: ids.jobId,
      AZ_BATCH_TASK_ID: ids.taskId,
      AZ_BATCH_NODE_ROOT_DIR: this.root,
      AZ_BATCH_NODE_SHARED_DIR: this.sharedDir,
      AZ_BATCH_NODE_STARTUP_DIR: this.startupDir,
      AZ_BATCH_TASK_DIR: this.taskDir(ids.jobId, ids.taskId),
      AZ_BATCH_TASK_WORKING_DIR: this.taskWorkingDir(ids.jobId, ids.taskId),
      AZ_BATCH_JOB_PREP_DIR: this.jobPrepDir(ids.jobId),
      AZ_BATCH_JOB_PREP_WORKING_DIR: path.join(this.jobPrepDir(ids.jobId), 'wd'),
      AZ_BATCH_NODE_IS_DEDICATED: String(this.dedicated),
    };
  }
}

/** Defence in depth: the coordinator validates ids, but the worker refuses anything path-like. */
export function safeSegment(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Error(`unsafe id for a path: ${JSON.stringify(id)}`);
  return id;
}
