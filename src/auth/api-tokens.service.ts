import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../common/errors/domain-errors';
import { tryParseId } from '../common/ids';
import { ApiToken } from './api-token.entity';
import { withStartupLock } from '../database/startup-lock';
import { TOKEN_REVOKED, TokenRevokedPayload } from '../events/domain-events';
import { EventsService } from '../events/events.service';
import { Principal } from '../common/security/principal';
import { Role } from '../common/security/role';
import { generateToken, tokenMatches, tokenPrefix } from '../common/security/token-format';

export interface CreateTokenParams {
  name: string;
  role: Role;
  expiresAt?: Date | null;
  createdBy?: string | null;
}

interface CachedToken {
  principal: Principal;
  hash: string;
  expiresAt: number | null;
  cachedAt: number;
}

/**
 * Issues, lists, revokes and verifies API tokens.
 *
 * Verified tokens are cached in memory (AUTH_CACHE_TTL_MS, default 30 s) so that a request
 * costs no SQL once its token is known. Revoking through this instance takes effect at once
 * (its cache entry is dropped and onRevoked listeners, the open sockets, are told). On a Redis
 * bus (REDIS_URL) the revocation is also published, and every process on it does the same at
 * once; otherwise other processes (other instances, the CLI's) see it within the cache lifetime.
 */
@Injectable()
export class ApiTokensService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('ApiTokens');
  private readonly cache = new Map<string, CachedToken>();
  private readonly cacheTtlMs = Math.max(0, Number(process.env.AUTH_CACHE_TTL_MS ?? 30_000) || 0);
  private readonly revokedListeners = new Set<(tokenId: number) => void>();
  private busSubscription: number | null = null;

  constructor(
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    @Optional() private readonly events?: EventsService,
  ) {}

  /** On a shared bus, hears of the tokens other processes revoke. */
  async onModuleInit(): Promise<void> {
    if (this.events?.transport !== 'redis') return;
    try {
      this.busSubscription = await this.events.pubSub.subscribe(TOKEN_REVOKED, (payload: TokenRevokedPayload) => this.forget(payload.tokenId), {});
    } catch (error) {
      this.logger.warn(`not subscribed to revocations on the bus (seen within the cache time instead): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Before EventsService closes the bus (its onApplicationShutdown). */
  beforeApplicationShutdown(): void {
    if (this.busSubscription === null) return;
    try {
      this.events?.pubSub.unsubscribe(this.busSubscription);
    } catch {
      // The bus is closing too.
    }
    this.busSubscription = null;
  }

  /** Creates a token; the returned secret is the only time it is ever shown. */
  async create(params: CreateTokenParams): Promise<{ token: string; record: ApiToken }> {
    const name = params.name?.trim();
    if (!name) throw BadUserInputError.field('name', 'must not be empty');
    if (name.length > 200) throw BadUserInputError.field('name', 'must be at most 200 characters');
    if (!Object.values(Role).includes(params.role)) throw BadUserInputError.field('role', `must be one of ${Object.values(Role).join(', ')}`);
    if (params.expiresAt && (Number.isNaN(params.expiresAt.getTime()) || params.expiresAt.getTime() <= Date.now())) {
      throw BadUserInputError.field('expiresAt', 'must be a valid instant in the future');
    }
    const { token, prefix, hash } = generateToken();
    const record = await this.tokens.save(
      this.tokens.create({ name, role: params.role, prefix, hash, createdAt: new Date(), createdBy: params.createdBy ?? null, expiresAt: params.expiresAt ?? null, revokedAt: null }),
    );
    return { token, record };
  }

  list(): Promise<ApiToken[]> {
    return this.tokens.find({ order: { id: 'ASC' } });
  }

  /** Revokes by id or by prefix; revoking twice is harmless (the first revocation time stays). */
  async revoke(idOrPrefix: string): Promise<ApiToken> {
    // Digits are an id; one no id column can hold (PostgreSQL would refuse it in the query) finds nothing.
    const numeric = /^\d+$/.test(idOrPrefix);
    const id = numeric ? tryParseId(idOrPrefix) : null;
    const record = numeric && id === null ? null : await this.tokens.findOneBy(numeric ? { id: id! } : { prefix: idOrPrefix.replace(/^bt_/, '') });
    if (!record) throw new NotFoundError('ApiToken', idOrPrefix);
    if (!record.revokedAt) {
      record.revokedAt = new Date();
      await this.tokens.update({ id: record.id, revokedAt: IsNull() }, { revokedAt: record.revokedAt });
    }
    this.forget(record.id);
    if (this.events?.transport === 'redis') {
      await this.events.pubSub
        .publish(TOKEN_REVOKED, { tokenId: record.id } satisfies TokenRevokedPayload)
        .catch((error: unknown) => this.logger.warn(`revocation not published (other processes see it within the cache time): ${error instanceof Error ? error.message : String(error)}`));
    }
    return record;
  }

  /** Drops a revoked token's cache entry and tells the listeners (this instance's sockets). */
  private forget(tokenId: number): void {
    for (const [key, cached] of this.cache) if (cached.principal.tokenId === tokenId) this.cache.delete(key);
    for (const listener of this.revokedListeners) {
      try {
        listener(tokenId);
      } catch (error) {
        this.logger.error(`revocation listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** Calls `listener` with the id of each token revoked through this instance, at once; returns the unsubscribe. */
  onRevoked(listener: (tokenId: number) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  /**
   * The principal a presented token stands for, or null when it is malformed, unknown, revoked
   * or expired. `fresh`: read from the database even if cached (an open socket's re-check).
   */
  async verify(token: string, fresh = false): Promise<Principal | null> {
    const prefix = tokenPrefix(token);
    if (!prefix) return null;
    const now = Date.now();
    const cached = this.cache.get(prefix);
    if (cached && !fresh && now - cached.cachedAt < this.cacheTtlMs) {
      if (!tokenMatches(token, cached.hash)) return null;
      return cached.expiresAt !== null && cached.expiresAt <= now ? null : cached.principal;
    }
    this.cache.delete(prefix);
    const record = await this.tokens.findOneBy({ prefix });
    if (!record || record.revokedAt || !tokenMatches(token, record.hash)) return null;
    const expiresAt = record.expiresAt ? new Date(record.expiresAt).getTime() : null;
    if (expiresAt !== null && expiresAt <= now) return null;
    const principal: Principal = { tokenId: record.id, name: record.name, role: record.role };
    if (this.cacheTtlMs > 0) this.cache.set(prefix, { principal, hash: record.hash, expiresAt, cachedAt: now });
    return principal;
  }

  /**
   * On the very first start (no token has ever been made) creates an ADMIN token and returns
   * it, for the caller to print once; afterwards returns null.
   */
  async createFirstAdminToken(): Promise<string | null> {
    const token = await withStartupLock(this.tokens.manager.connection, async () => {
      if ((await this.tokens.count()) > 0) return null;
      return (await this.create({ name: 'admin', role: Role.ADMIN, createdBy: 'first start' })).token;
    });
    if (!token) return null;
    this.logger.log('Created the first ADMIN token (printed once on standard output)');
    return token;
  }
}
