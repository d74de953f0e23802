// troupe token create | list | revoke | whoami: the API's bearer tokens (admin only, but whoami).
import type { Token__Output } from '../../protocol/generated/troupe/v1/Token.ts';
import type { Command } from '../command.ts';
import { renderFields, renderTable, shortTime, type Column } from '../output-format.ts';

const ROLE_CHOICES = ['admin', 'submitter', 'reader'] as const;

interface TokenJson {
  id: string;
  name: string;
  role: string;
  creationTime: string;
  createdBy: string;
  /** A job-scoped token's job (a job manager's), else null. */
  jobId: string | null;
}

const tokenJson = (t: Token__Output): TokenJson => ({ id: t.id, name: t.name, role: t.role, creationTime: t.creationTime, createdBy: t.createdBy, jobId: t.jobId || null });

const COLUMNS: Column<TokenJson>[] = [
  { header: 'ID', value: (t) => t.id },
  { header: 'NAME', value: (t) => t.name },
  { header: 'ROLE', value: (t) => t.role },
  { header: 'CREATED', value: (t) => shortTime(t.creationTime) },
  { header: 'CREATED BY', value: (t) => t.createdBy },
];

export const tokenCommands: Command[] = [
  {
    path: ['token', 'create'],
    summary: 'create an API token (printed once: the coordinator keeps only its hash)',
    synopsis: '--name NAME --role admin|submitter|reader',
    usesApi: true,
    options: {
      name: { type: 'string', value: 'NAME', help: 'who the token speaks for: jobs it creates are owned by this name' },
      role: { type: 'string', value: 'ROLE', help: 'admin (everything), submitter (its own jobs and tasks, files; reads pools and nodes), reader (reads everything)' },
    },
    async run(ctx) {
      const name = ctx.args.required('name');
      const role = ctx.args.choice('role', ROLE_CHOICES) ?? ctx.args.required('role');
      const created = await ctx.api.CreateToken({ name, role });
      const token = tokenJson(created.token!);
      ctx.print({ ...token, secret: created.secret }, () => `${created.secret}\n${renderFields([
        ['id', token.id], ['name', token.name], ['role', token.role],
        ['note', 'the token above is shown this once: keep it (troupe --token, TROUPE_TOKEN or "token" in ~/.config/troupe/config)'],
      ])}`);
      return 0;
    },
  },
  {
    path: ['token', 'list'],
    summary: 'list API tokens (ids, names and roles; never the secrets)',
    synopsis: '',
    usesApi: true,
    options: {},
    async run(ctx) {
      const { tokens } = await ctx.api.ListTokens({});
      const rows = tokens.map(tokenJson);
      ctx.print(rows, () => renderTable(COLUMNS, rows));
      return 0;
    },
  },
  {
    path: ['token', 'revoke'],
    summary: 'revoke an API token: calls with it are refused from now on',
    synopsis: 'ID',
    maxPositionals: 1,
    usesApi: true,
    options: {},
    async run(ctx) {
      const tokenId = ctx.args.positional(0, 'token id');
      await ctx.api.RevokeToken({ tokenId });
      ctx.print({ revoked: tokenId }, () => `revoked token ${tokenId}`);
      return 0;
    },
  },
  {
    path: ['token', 'whoami'],
    summary: "show the token this CLI uses: its id, name and role",
    synopsis: '',
    usesApi: true,
    options: {},
    async run(ctx) {
      const token = tokenJson(await ctx.api.WhoAmI({}));
      ctx.print(token, () => renderFields([['id', token.id], ['name', token.name], ['role', token.role], ['created', token.creationTime], ['created by', token.createdBy]]));
      return 0;
    },
  },
];
