import { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiToken } from '../../auth/api-token.entity';
import { ApiTokensService } from '../../auth/api-tokens.service';
import { parseRole, Role } from '../../common/security/role';
import { DomainError } from '../../common/errors/domain-errors';
import { CliCommand, createCliContext } from '../command';

const command: CliCommand = {
  name: 'token',
  usage: `  npm run cli -- token create --role analyst|staff|admin --name NAME [--expires DATE]
  npm run cli -- token list
  npm run cli -- token revoke <id|prefix>
             API tokens ("Authorization: Bearer <token>"). create prints the new token once:
             only its hash is stored. The name is recorded as the actor of every change made
             with it. ANALYST reads; STAFF also ingests, edits, sets statuses and logs outcomes;
             ADMIN also manages tokens, deletes and merges.
  --role         analyst, staff or admin
  --name         who or what uses it
  --expires      an ISO date or instant after which it stops working`,
  options: {
    role: { type: 'string' },
    name: { type: 'string' },
    expires: { type: 'string' },
  },
  async run(args, flags) {
    const [action, ...rest] = args;
    if (action === 'create' && rest.length === 0) return create(flags);
    if (action === 'list' && rest.length === 0) return list();
    if (action === 'revoke' && rest.length === 1) return revoke(rest[0]);
    console.error(command.usage);
    return 1;
  },
};

async function create(flags: Record<string, unknown>): Promise<number> {
  const role = typeof flags.role === 'string' ? parseRole(flags.role) : null;
  if (!role) {
    console.error(`--role must be one of ${Object.values(Role).map((r) => r.toLowerCase()).join(', ')}`);
    return 1;
  }
  if (typeof flags.name !== 'string' || !flags.name.trim()) {
    console.error('--name is required: who or what will use the token');
    return 1;
  }
  let expiresAt: Date | null = null;
  if (typeof flags.expires === 'string') {
    expiresAt = new Date(flags.expires);
    if (Number.isNaN(expiresAt.getTime())) {
      console.error(`--expires: not a date: ${flags.expires}`);
      return 1;
    }
  }
  return withTokens(async (tokens) => {
    const { token, record } = await tokens.create({ name: flags.name as string, role, expiresAt, createdBy: 'cli' });
    console.error(`Created token ${record.id} "${record.name}" (${record.role}${record.expiresAt ? `, expires ${record.expiresAt.toISOString()}` : ''}). It is shown this once:`);
    console.log(token);
    return 0;
  });
}

async function list(): Promise<number> {
  return withTokens(async (tokens) => {
    const rows = (await tokens.list()).map((t) => ({
      id: String(t.id),
      prefix: `bt_${t.prefix}_…`,
      role: t.role,
      name: t.name,
      created: iso(t.createdAt),
      expires: iso(t.expiresAt) || '-',
      state: t.revokedAt ? `revoked ${iso(t.revokedAt)}` : t.expiresAt && new Date(t.expiresAt).getTime() <= Date.now() ? 'expired' : 'active',
    }));
    if (!rows.length) {
      console.log('No tokens.');
      return 0;
    }
    const columns = Object.keys(rows[0]) as (keyof (typeof rows)[0])[];
    const width = (c: (typeof columns)[number]) => Math.max(c.length, ...rows.map((r) => r[c].length));
    console.log(columns.map((c) => c.padEnd(width(c))).join('  '));
    for (const row of rows) console.log(columns.map((c) => row[c].padEnd(width(c))).join('  '));
    return 0;
  });
}

async function revoke(idOrPrefix: string): Promise<number> {
  return withTokens(async (tokens) => {
    const record = await tokens.revoke(idOrPrefix);
    console.log(`Revoked token ${record.id} "${record.name}" (${record.role}).`);
    return 0;
  });
}

/** AuthModule's token service without its GraphQL resolver (and the input validation it loads). */
const TOKENS: DynamicModule = { module: class TokensCliModule {}, imports: [TypeOrmModule.forFeature([ApiToken])], providers: [ApiTokensService] };

async function withTokens(work: (tokens: ApiTokensService) => Promise<number>): Promise<number> {
  const app = await createCliContext([TOKENS]);
  try {
    return await work(app.get(ApiTokensService));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(error.message);
    return 1;
  } finally {
    await app.close();
  }
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString().slice(0, 19) + 'Z' : '');

export default command;
