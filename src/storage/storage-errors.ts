// The ways a store operation fails, as TroupeErrors (so the API maps them to gRPC statuses and the
// worker turns them into a task's failureInfo message).
import { TroupeError } from '../protocol/errors.ts';

export class StoredFileNotFoundError extends TroupeError {
  override name = 'StoredFileNotFoundError';
  constructor(readonly what: string) {
    super('NOT_FOUND', `${what} does not exist in the store`);
  }
}

export class StoredFileExistsError extends TroupeError {
  override name = 'StoredFileExistsError';
  constructor(what: string, hint = '') {
    super('ALREADY_EXISTS', `${what} already exists in the store${hint}`);
  }
}

/** The bytes read back do not hash to the digest the store recorded when they were written. */
export class ChecksumMismatchError extends TroupeError {
  override name = 'ChecksumMismatchError';
  constructor(path: string, expected: string, actual: string) {
    super('DATA_LOSS', `'${path}' is corrupt: its SHA-256 is ${actual}, the store recorded ${expected}`);
  }
}
