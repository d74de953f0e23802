// The token calls of the API (admin only, but WhoAmI: see auth/call-policy.ts).
import type { BatchHandlers } from '../../protocol/generated/troupe/v1/Batch.ts';
import type { Token } from '../../protocol/generated/troupe/v1/Token.ts';
import { InvalidArgumentError } from '../../protocol/errors.ts';
import type { Logger } from '../../protocol/log.ts';
import { unary } from '../../protocol/grpc/grpc-handlers.ts';
import { callerOf } from '../auth/authorize.ts';
import type { TokenStore } from '../auth/token-store.ts';
import { isRole, ROLES, TOKEN_ID_FORMAT, TOKEN_NAME_FORMAT, type TokenRecord } from '../auth/tokens.ts';

type TokenHandlers = Pick<BatchHandlers, 'CreateToken' | 'ListTokens' | 'RevokeToken' | 'WhoAmI'>;

export function tokenHandlers(tokens: TokenStore, log: Logger): TokenHandlers {
  return {
    CreateToken: unary(log, 'CreateToken', async (req, call) => {
      if (!TOKEN_NAME_FORMAT.test(req.name)) throw new InvalidArgumentError('name', "must be 1..64 characters of letters, digits, '_', '.', '@', '-'");
      if (!isRole(req.role)) throw new InvalidArgumentError('role', `must be one of ${ROLES.join(', ')}`);
      const { record, bearer } = await tokens.create(req.name, req.role, callerOf(call).name);
      log.info('token created', { tokenId: record.id, name: record.name, role: record.role });
      return { token: tokenToApi(record), secret: bearer };
    }),
    ListTokens: unary(log, 'ListTokens', () => ({ tokens: tokens.list().map(tokenToApi) })),
    RevokeToken: unary(log, 'RevokeToken', async (req) => {
      if (!TOKEN_ID_FORMAT.test(req.tokenId)) throw new InvalidArgumentError('tokenId', 'must be a token id: 12 lowercase letters and digits');
      const record = await tokens.revoke(req.tokenId);
      log.info('token revoked', { tokenId: record.id, name: record.name });
      return {};
    }),
    WhoAmI: unary(log, 'WhoAmI', (_req, call) => {
      const caller = callerOf(call);
      return tokenToApi(tokens.list().find((t) => t.id === caller.tokenId)!);
    }),
  };
}

function tokenToApi(t: TokenRecord): Token {
  return { id: t.id, name: t.name, role: t.role, creationTime: t.creationTime, createdBy: t.createdBy, jobId: t.jobId ?? '' };
}
