// The API's int64 fields read as JavaScript numbers: exact up to 2^53 - 1, refused above it with
// a message naming the field and the limit (protocol/int64.ts), in every request that has one.
import test from 'ava';
import { MAX_INT64_READ, nonNegativeInt64 } from '../../src/protocol/int64.ts';
import { validateTaskOutputRequest } from '../../src/coordinator/validation/validation.ts';
import { validateGetTaskFile } from '../../src/coordinator/validation/node-file-validation.ts';
import { InvalidArgumentError } from '../../src/protocol/errors.ts';
import { outputReq } from '../helpers/validation-requests.ts';

const LIMIT_RULE = `must be at most ${MAX_INT64_READ} (2^53 - 1, the largest integer troupe reads exactly)`;

test('values up to 2^53 - 1 are read exactly, from strings (longs=String) or numbers', (t) => {
  t.is(nonNegativeInt64('9007199254740991', 'offset'), 9007199254740991);
  t.is(nonNegativeInt64('0', 'offset'), 0);
  t.is(nonNegativeInt64(undefined, 'offset'), 0);
  t.is(nonNegativeInt64(4096, 'offset'), 4096);
});

test('values above 2^53 - 1 are refused naming the field and the limit, even those Number() rounds to a neighbour', (t) => {
  for (const value of ['9007199254740992', '9007199254740993', '9223372036854775807', '18446744073709551615', 2 ** 53]) {
    const err = t.throws(() => nonNegativeInt64(value, 'length'), { instanceOf: InvalidArgumentError }) as InvalidArgumentError;
    t.is(err.field, 'length');
    t.is(err.message, `length ${LIMIT_RULE}`);
  }
  for (const value of ['-1', '1.5', 'abc', -3, 1.5]) {
    t.is((t.throws(() => nonNegativeInt64(value, 'offset')) as InvalidArgumentError).message, 'offset must be a non-negative integer');
  }
});

test('the requests with int64 fields use it', (t) => {
  const big = '9007199254740993';
  t.is((t.throws(() => validateTaskOutputRequest(outputReq({ offset: big }))) as Error).message, `offset ${LIMIT_RULE}`);
  t.is((t.throws(() => validateTaskOutputRequest(outputReq({ length: big }))) as Error).message, `length ${LIMIT_RULE}`);
  t.is((t.throws(() => validateGetTaskFile({ jobId: 'j', taskId: 't', path: 'stdout.txt', offset: big, length: '0' } as never)) as Error).message, `offset ${LIMIT_RULE}`);
  t.is(validateTaskOutputRequest(outputReq({ offset: String(MAX_INT64_READ) })).offset, MAX_INT64_READ);
});
