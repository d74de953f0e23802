// The task and pool options about files: --resource, --output, --output-when and --app, turned
// into the API's resourceFiles, outputFiles and applicationPackageReferences. The server checks
// every path; here only the shape of each option is checked, with a usage error naming it.
import type { CommandArgs, OptionSpecs } from './args.ts';

export const UPLOAD_CONDITIONS = ['tasksuccess', 'taskfailure', 'taskcompletion'] as const;

export const APP_OPTION: OptionSpecs = {
  app: { type: 'string', value: 'NAME:VERSION', multiple: true, help: 'application package to unpack on the node ($AZ_BATCH_APP_PACKAGE_<name>_<version>)' },
};

export const TASK_FILE_OPTIONS: OptionSpecs = {
  resource: {
    type: 'string', value: 'SRC=PATH', multiple: true,
    help: 'fetch before the task starts: a store path (a prefix ends in /) or an http(s) URL, to PATH under the working directory',
  },
  // Also the output format (-o table|json), which every API command has: a value with '=>' is an
  // output file, a format name is the format.
  output: {
    type: 'string', short: 'o', value: "'PATTERN=>DEST'|FORMAT", multiple: true,
    help: "upload after the task: a pattern ('*', '**'; ../stdout.txt) to a store path or prefix; or the output format: table or json",
  },
  'output-when': { type: 'string', value: 'WHEN', help: `when --output files upload: ${UPLOAD_CONDITIONS.join(', ')} (default taskcompletion)` },
  ...APP_OPTION,
};

export function applicationPackageReferences(a: CommandArgs): { applicationId: string; version: string }[] {
  return a.list('app').map((v) => {
    const colon = v.indexOf(':');
    if (colon <= 0 || colon === v.length - 1) throw a.usageError(`--app expects NAME:VERSION, got '${v}'`);
    return { applicationId: v.slice(0, colon), version: v.slice(colon + 1) };
  });
}

/** `--resource` (or `--common-resource`, `name`) as the API's resource files. */
export function resourceFiles(a: CommandArgs, name = 'resource'): { storagePath?: string; httpUrl?: string; filePath: string }[] {
  return a.list(name).map((v) => {
    // The source may itself contain '=' (a URL's query), the file path may not: split at the last.
    const eq = v.lastIndexOf('=');
    const source = eq > 0 ? v.slice(0, eq) : v;
    const filePath = eq > 0 ? v.slice(eq + 1) : '';
    if (source === '') throw a.usageError(`--${name} expects SOURCE=PATH, got '${v}'`);
    if (/^https?:\/\//i.test(source)) {
      const name = filePath || decodeURIComponent(new URL(source).pathname.split('/').pop() ?? '');
      if (!name) throw a.usageError(`--${name} ${v}: give the file a name, e.g. ${source}=file.txt`);
      return { httpUrl: source, filePath: name };
    }
    return { storagePath: source, filePath };
  });
}

export function outputFiles(a: CommandArgs): { filePattern: string; destination: string; uploadCondition: string }[] {
  const when = a.choice('output-when', UPLOAD_CONDITIONS) ?? 'taskcompletion';
  const outputs = a.list('output').filter((v) => v !== 'table' && v !== 'json');
  if (a.has('output-when') && outputs.length === 0) throw a.usageError('--output-when needs at least one --output');
  return outputs.map((v) => {
    const arrow = v.indexOf('=>');
    if (arrow <= 0) throw a.usageError(`--output expects 'PATTERN=>DESTINATION', got '${v}'`);
    return { filePattern: v.slice(0, arrow), destination: v.slice(arrow + 2), uploadCondition: when };
  });
}
