// troupe task files | task file | node files | node file | job prep-status: files on nodes and
// the job preparation/release status, read through the coordinator (issue 4).
import type { ResponseStream } from '../../protocol/grpc/batch-api.ts';
import { deprecatedIdOption, objectId } from '../object-id.ts';
import type { Command, CommandContext } from '../command.ts';
import { nodeFileJson, prepStatusJson } from '../json/node-task-json.ts';
import { renderTable, shortTime, type Column } from '../output-format.ts';
import type { ListNodeFilesResponse__Output } from '../../protocol/generated/troupe/v1/ListNodeFilesResponse.ts';
import type { FileChunk__Output } from '../../protocol/generated/troupe/v1/FileChunk.ts';

type FileJson = ReturnType<typeof nodeFileJson>;

const FILE_COLUMNS: Column<FileJson>[] = [
  { header: 'NAME', value: (f) => `${f.name}${f.isDirectory ? '/' : ''}` },
  { header: 'SIZE', value: (f) => (f.isDirectory ? '' : f.size), align: 'right' },
  { header: 'MODIFIED', value: (f) => shortTime(f.mtime) },
];

const LIST_OPTIONS = {
  path: { type: 'string', value: 'P', help: 'a directory under it (default: the whole directory)' },
  recursive: { type: 'boolean', help: 'also list everything below' },
} as const;

const RANGE_OPTIONS = {
  offset: { type: 'string', value: 'N', help: 'first byte to read (default 0)' },
  length: { type: 'string', value: 'N', help: 'bytes to read at most (default: to the end)' },
} as const;

function printListing(ctx: CommandContext, listing: ListNodeFilesResponse__Output): number {
  const files = listing.files.map(nodeFileJson);
  ctx.print(files, () => renderTable(FILE_COLUMNS, files));
  if (listing.truncated) ctx.err('warning: more entries exist than one listing holds: list a subdirectory with --path');
  return 0;
}

/** Writes the streamed bytes to stdout as they come, pausing when stdout is full. */
function pipeChunks(call: ResponseStream<FileChunk__Output>, sink: NodeJS.WritableStream): Promise<number> {
  return new Promise((resolve, reject) => {
    call.on('data', (chunk: FileChunk__Output) => {
      if (!sink.write(chunk.data)) {
        call.pause();
        sink.once('drain', () => call.resume());
      }
    });
    call.on('error', reject);
    call.on('end', () => resolve(0));
  });
}

const range = (ctx: CommandContext) => ({ offset: String(ctx.args.integer('offset', { min: 0 }) ?? 0), length: String(ctx.args.integer('length', { min: 0 }) ?? 0) });

export const nodeFileCommands: Command[] = [
  {
    path: ['task', 'files'],
    summary: "list the files in a task's directory on its node (wd/, stdout.txt, stderr.txt)",
    synopsis: '--job J --id T [--path P] [--recursive]',
    usesApi: true,
    options: { job: { type: 'string', value: 'J', help: 'job id' }, id: { type: 'string', value: 'T', help: 'task id' }, ...LIST_OPTIONS },
    async run(ctx) {
      const a = ctx.args;
      return printListing(ctx, await ctx.api.ListTaskFiles({ jobId: a.required('job'), taskId: a.required('id'), path: a.string('path') ?? '', recursive: a.flag('recursive') }));
    },
  },
  {
    path: ['task', 'file'],
    summary: "write a file of a task's directory (e.g. wd/result.csv) to standard output",
    synopsis: '--job J --id T --path P [--offset N] [--length N]',
    usesApi: true,
    options: {
      job: { type: 'string', value: 'J', help: 'job id' }, id: { type: 'string', value: 'T', help: 'task id' },
      path: { type: 'string', value: 'P', help: 'the file, relative to the task directory' }, ...RANGE_OPTIONS,
    },
    async run(ctx) {
      const a = ctx.args;
      return pipeChunks(ctx.api.raw.GetTaskFile({ jobId: a.required('job'), taskId: a.required('id'), path: a.required('path'), ...range(ctx) }), ctx.io.stdout);
    },
  },
  {
    path: ['node', 'files'],
    summary: "list files under a node's root (startup/, shared/, workitems/...)",
    synopsis: 'N [--path P] [--recursive]',
    maxPositionals: 1,
    usesApi: true,
    options: { ...deprecatedIdOption('N'), ...LIST_OPTIONS },
    async run(ctx) {
      const a = ctx.args;
      return printListing(ctx, await ctx.api.ListNodeFiles({ nodeId: objectId(ctx, 'node id', ['node', 'files']), path: a.string('path') ?? '', recursive: a.flag('recursive') }));
    },
  },
  {
    path: ['node', 'file'],
    summary: 'write a file of a node (e.g. startup/stdout.txt) to standard output',
    synopsis: 'N --path P [--offset N] [--length N]',
    maxPositionals: 1,
    usesApi: true,
    options: { ...deprecatedIdOption('N'), path: { type: 'string', value: 'P', help: "the file, relative to the node's root" }, ...RANGE_OPTIONS },
    async run(ctx) {
      const a = ctx.args;
      return pipeChunks(ctx.api.raw.GetNodeFile({ nodeId: objectId(ctx, 'node id', ['node', 'file']), path: a.required('path'), ...range(ctx) }), ctx.io.stdout);
    },
  },
  {
    path: ['job', 'prep-status'],
    summary: "the job's preparation and release tasks on each node",
    synopsis: 'J',
    maxPositionals: 1,
    usesApi: true,
    options: { ...deprecatedIdOption('J') },
    async run(ctx) {
      const status = prepStatusJson(await ctx.api.ListPreparationAndReleaseTaskStatus({ jobId: objectId(ctx, 'job id', ['job', 'prep-status']) }));
      type Row = (typeof status.value)[number];
      const columns: Column<Row>[] = [
        { header: 'NODE', value: (r) => r.nodeId },
        { header: 'PREPARATION', value: (r) => r.jobPreparationTaskExecutionInfo?.result ?? r.jobPreparationTaskExecutionInfo?.state ?? '-' },
        { header: 'EXIT', value: (r) => r.jobPreparationTaskExecutionInfo?.exitCode ?? '', align: 'right' },
        { header: 'RETRIES', value: (r) => r.jobPreparationTaskExecutionInfo?.retryCount ?? '', align: 'right' },
        { header: 'RELEASE', value: (r) => r.jobReleaseTaskExecutionInfo?.result ?? r.jobReleaseTaskExecutionInfo?.state ?? '-' },
        { header: 'EXIT', value: (r) => r.jobReleaseTaskExecutionInfo?.exitCode ?? '', align: 'right' },
        { header: 'FAILURE', value: (r) => r.jobPreparationTaskExecutionInfo?.failureInfo?.message ?? r.jobReleaseTaskExecutionInfo?.failureInfo?.message ?? '' },
      ];
      ctx.print(status, () => `${renderTable(columns, status.value)}\n${status.preparationSucceededNodes} node(s) prepared, ${status.preparationFailedNodes} failed`);
      return 0;
    },
  },
];
