import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DocumentNode, getOperationAST, GraphQLError, GraphQLFormattedError, GraphQLSchema, NoSchemaIntrospectionCustomRule, specifiedRules, validate } from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { ApiTokensService } from '../auth/api-tokens.service';
import type { Principal } from '../common/security/principal';
import { tokenPrefix } from '../common/security/token-format';
import type { AdmitOperation } from './socket-limits';
import { RateLimitedError, SubscriptionLimitError } from '../common/limits/limit-errors';
import { SlidingWindowThrottlerStorage } from '../common/limits/sliding-window-storage';
import { SECURITY_CONFIG } from '../common/security/security-config.provider';
import type { SecurityConfig, SocketLimits } from '../config/security.config';
import { SlowConsumerError } from '../events/event-stream';
import { EventsService } from '../events/events.service';
import type { SocketOperationContext } from './operation-context';
import { socketToken } from './operation-context';

/** Close codes of the graphql-ws socket beyond graphql-ws's own (4400, 4408, 4409, 4500...). docs/api.md, "Live updates". */
export const SocketCloseCode = {
  /** connection_init without a valid token. */
  Unauthenticated: 4401,
  /** The socket's token was revoked or has expired. */
  TokenRevoked: 4403,
  /** The subscriber fell too far behind (WS_MAX_QUEUED_EVENTS, WS_MAX_BUFFERED_BYTES). */
  SlowConsumer: 4413,
  /** Too many connection_init messages from one address in the window. */
  TooManyRequests: 4429,
} as const;

/** What this instance knows of one acknowledged socket. */
interface SocketState {
  socket: WebSocket;
  token: string;
  principal: Principal;
  /** Ids of its live subscriptions, counted against its token. */
  subscriptions: Set<string>;
}

/** Errors a write to a socket whose peer has gone fails with: the subscriber disconnected, nothing failed here. */
const GONE = new Set(['EPIPE', 'ECONNRESET', 'ECONNABORTED', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END', 'ERR_SOCKET_CLOSED']);

function disconnected(socket: WebSocket, errors: readonly GraphQLError[]): boolean {
  if (socket.readyState !== socket.OPEN) return true;
  return errors.some((error) => GONE.has(String((error.originalError as NodeJS.ErrnoException | undefined)?.code ?? '')));
}

/** Answers an upgrade request with an HTTP error and closes the connection (as ws does when it refuses a handshake). */
function refuseUpgrade(socket: Duplex, status: number, text: string, retryAfterSeconds?: number): void {
  if (!socket.writable) return void socket.destroy();
  const body = `${status} ${text}`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      (retryAfterSeconds ? `Retry-After: ${retryAfterSeconds}\r\n` : '') +
      `\r\n${body}`,
  );
}

/**
 * The bounds of the graphql-ws side (docs/operations.md "Limits", docs/api.md "Live updates"), in one place:
 * - upgrades: open sockets capped in all (HTTP 503) and per remote address (HTTP 429), before
 *   the handshake; an upgrade to another path is refused (404) rather than left open;
 * - connection_init within WS_CONNECTION_INIT_TIMEOUT_MS and with a valid token, else closed
 *   (4408 by graphql-ws, 4401 here): an anonymous socket is held for no longer than that;
 * - subscribe messages rate limited per token, live subscriptions capped per token (over all
 *   its sockets on this instance), with coded errors;
 * - a slow consumer (its events queue or its socket's buffer past the bound) closed with 4413;
 * - a token revoked through this instance closes its sockets at once (4403); every socket's
 *   token is verified again every WS_TOKEN_RECHECK_MS, which closes those revoked elsewhere or
 *   expired;
 * - validation as over HTTP: no introspection and no "did you mean" when introspection is off;
 * - a subscriber that went away is logged at debug level, not as an error.
 * It does not depend on the HTTP adapter: the upgrade is Node's, on the adapter's http server.
 */
@Injectable()
export class SocketGovernor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sockets');
  private readonly limits: SocketLimits;
  private readonly sockets = new Map<WebSocket, SocketState>();
  /** Live subscriptions by token id. */
  private readonly subscriptionsByToken = new Map<number, number>();
  private readonly openByAddress = new Map<string, number>();
  private open = 0;
  private readonly rates = new SlidingWindowThrottlerStorage();
  private recheck?: NodeJS.Timeout;
  private stopListening?: () => void;
  private path = '/graphql';

  constructor(
    @Inject(SECURITY_CONFIG) private readonly config: SecurityConfig,
    private readonly tokens: ApiTokensService,
    private readonly adapterHost: HttpAdapterHost,
    events: EventsService,
  ) {
    this.limits = config.sockets;
    events.configureFanOut(this.limits);
  }

  /** Sockets open (handshaking or acknowledged) on this instance. */
  get openSockets(): number {
    return this.open;
  }

  /** Live subscriptions of a token on this instance. */
  subscriptionsOf(tokenId: number): number {
    return this.subscriptionsByToken.get(tokenId) ?? 0;
  }

  /**
   * graphql-ws's options (merged over @nestjs/graphql's): the hooks above around the ones
   * given (the limits' onSubscribe, the error formatting of onNext and onError).
   */
  serverOptions(
    base: { path: string } & Pick<ServerOptions, 'onNext' | 'onSubscribe'> & {
        onError: (errors: readonly GraphQLError[]) => GraphQLFormattedError[];
      },
  ): Partial<ServerOptions<Record<string, unknown> | undefined, SocketOperationContext['extra']>> & { path: string } {
    this.path = base.path;
    const hideSchema = !this.config.introspection;
    const rules = hideSchema ? [...specifiedRules, NoSchemaIntrospectionCustomRule] : specifiedRules;
    return {
      path: base.path,
      connectionInitWaitTimeout: this.limits.connectionInitTimeoutMs,
      validate: (schema: GraphQLSchema, document: DocumentNode) => {
        const errors = validate(schema, document, rules);
        // As Apollo's hideSchemaDetailsFromClientErrors does over HTTP.
        if (hideSchema) for (const error of errors) error.message = error.message.replace(/ ?Did you mean(.+?)\?$/, '');
        return errors;
      },
      onConnect: (ctx) => this.onConnect(ctx),
      onSubscribe: async (ctx, id, payload) => {
        const limited = await this.rateLimited(ctx);
        if (limited) return [limited];
        return base.onSubscribe?.(ctx, id, payload);
      },
      onNext: (ctx, id, payload, args, result) => {
        const socket = ctx.extra.socket;
        if (socket.bufferedAmount > this.limits.maxBufferedBytes) {
          this.closeSlow(socket, `Slow consumer: more than ${this.limits.maxBufferedBytes} bytes waiting`);
        }
        return base.onNext?.(ctx, id, payload, args, result);
      },
      onError: (ctx, id, _payload, errors) => {
        this.release(ctx.extra.socket, id);
        const slow = errors.find((error) => error.originalError instanceof SlowConsumerError);
        if (slow) {
          this.closeSlow(ctx.extra.socket, slow.message);
          return [{ message: slow.message, extensions: { code: 'FORBIDDEN', limit: 'queue', max: (slow.originalError as SlowConsumerError).maxQueued } }];
        }
        if (disconnected(ctx.extra.socket, errors)) {
          this.logger.debug(`subscriber ${id} went away: ${errors.map((error) => error.message).join('; ')}`);
          return errors.map(() => ({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }));
        }
        return base.onError(errors);
      },
      onComplete: (ctx, id) => this.release(ctx.extra.socket, id),
      onClose: (ctx) => this.forget(ctx.extra.socket),
    };
  }

  /** The subscription cap, for socketLimitOptions' admit hook (after the shape limits). */
  readonly admit: AdmitOperation = (ctx, id, payload, document) => {
    if (getOperationAST(document, payload.operationName ?? undefined)?.operation !== 'subscription') return undefined;
    const state = this.sockets.get((ctx as SocketOperationContext).extra.socket);
    if (!state) return undefined;
    const tokenId = state.principal.tokenId;
    const live = this.subscriptionsOf(tokenId);
    if (live >= this.limits.maxSubscriptionsPerToken) return [new SubscriptionLimitError(this.limits.maxSubscriptionsPerToken)];
    state.subscriptions.add(id);
    this.subscriptionsByToken.set(tokenId, live + 1);
    return undefined;
  };

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server) {
      // Ours first: the listeners there (graphql-ws's, made by @nestjs/graphql) see only admitted upgrades.
      const listeners = server.listeners('upgrade') as ((req: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
      const gate = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (!this.admitUpgrade(req, socket)) return;
        for (const listener of listeners) listener.call(server, req, socket, head);
      };
      server.removeAllListeners('upgrade');
      server.on('upgrade', gate);
      this.stopListening = () => {
        server.removeListener('upgrade', gate);
        for (const listener of listeners) server.on('upgrade', listener);
      };
    } else {
      this.logger.warn('no http server: websocket connections are not capped');
    }
    const revoked = this.tokens.onRevoked((tokenId) => this.closeToken((state) => state.principal.tokenId === tokenId));
    this.recheck = setInterval(() => void this.recheckTokens(), this.limits.tokenRecheckMs);
    this.recheck.unref();
    const stop = this.stopListening;
    this.stopListening = () => {
      stop?.();
      revoked();
    };
  }

  onApplicationShutdown(): void {
    if (this.recheck) clearInterval(this.recheck);
    this.stopListening?.();
  }

  private admitUpgrade(req: IncomingMessage, socket: Duplex): boolean {
    if (!req.url?.startsWith(this.path)) {
      refuseUpgrade(socket, 404, 'Not Found');
      return false;
    }
    if (this.open >= this.limits.maxConnections) {
      refuseUpgrade(socket, 503, 'Service Unavailable', 5);
      return false;
    }
    const address = req.socket.remoteAddress ?? 'unknown';
    const fromAddress = this.openByAddress.get(address) ?? 0;
    if (fromAddress >= this.limits.maxConnectionsPerAddress) {
      refuseUpgrade(socket, 429, 'Too Many Requests', 5);
      return false;
    }
    this.open++;
    this.openByAddress.set(address, fromAddress + 1);
    socket.once('close', () => {
      this.open--;
      const left = (this.openByAddress.get(address) ?? 1) - 1;
      if (left > 0) this.openByAddress.set(address, left);
      else this.openByAddress.delete(address);
    });
    return true;
  }

  private async onConnect(ctx: SocketOperationContext): Promise<boolean> {
    const socket = ctx.extra.socket;
    const limited = await this.rateLimited(ctx, 'init');
    if (limited) {
      socket.close(SocketCloseCode.TooManyRequests, `Too many connections: retry after ${limited.retryAfterSeconds} s`);
      return false;
    }
    const token = socketToken(ctx);
    const principal = token ? await this.tokens.verify(token) : null;
    if (!token || !principal) {
      socket.close(SocketCloseCode.Unauthenticated, 'Unauthenticated: connection_init needs a valid API token');
      return false;
    }
    if (socket.readyState !== socket.OPEN) return false;
    this.sockets.set(socket, { socket, token, principal, subscriptions: new Set() });
    return true;
  }

  /** The socket's budget of operations (per token) or of connection_init messages (per address): the refusal, or null. */
  private async rateLimited(ctx: SocketOperationContext, kind: 'init' | 'operation' = 'operation'): Promise<RateLimitedError | null> {
    const { operationRateLimit: limit, operationRateWindowMs: window } = this.limits;
    if (limit <= 0) return null;
    const state = this.sockets.get(ctx.extra.socket);
    const prefix = kind === 'operation' && state ? tokenPrefix(state.token) : null;
    const tracker = prefix ? `token:${prefix}` : `address:${ctx.extra.request.socket?.remoteAddress ?? 'unknown'}`;
    const verdict = await this.rates.increment(`${kind}:${tracker}`, window, limit, 0, 'ws');
    return verdict.isBlocked ? new RateLimitedError(Math.max(1, verdict.timeToBlockExpire), limit, window, false) : null;
  }

  private release(socket: WebSocket, id: string): void {
    const state = this.sockets.get(socket);
    if (!state?.subscriptions.delete(id)) return;
    const tokenId = state.principal.tokenId;
    const left = this.subscriptionsOf(tokenId) - 1;
    if (left > 0) this.subscriptionsByToken.set(tokenId, left);
    else this.subscriptionsByToken.delete(tokenId);
  }

  private forget(socket: WebSocket): void {
    const state = this.sockets.get(socket);
    if (!state) return;
    for (const id of [...state.subscriptions]) this.release(socket, id);
    this.sockets.delete(socket);
  }

  private closeSlow(socket: WebSocket, reason: string): void {
    this.logger.warn(`closing a slow subscriber's socket: ${reason}`);
    // After the error message on its way, if the socket still takes any.
    setImmediate(() => socket.close(SocketCloseCode.SlowConsumer, reason.slice(0, 120)));
  }

  /** Closes (4403) the sockets whose state matches: their subscriptions end with them. */
  private closeToken(matches: (state: SocketState) => boolean): void {
    for (const state of [...this.sockets.values()]) {
      if (!matches(state)) continue;
      this.forget(state.socket);
      state.socket.close(SocketCloseCode.TokenRevoked, 'Forbidden: the token was revoked or has expired');
    }
  }

  /**
   * Verifies every socket's token again, from the database (once per distinct token): revoked
   * elsewhere (another instance, the CLI) or expired, its sockets are closed.
   */
  private async recheckTokens(): Promise<void> {
    const verdicts = new Map<string, Promise<Principal | null>>();
    for (const state of this.sockets.values()) if (!verdicts.has(state.token)) verdicts.set(state.token, this.tokens.verify(state.token, true));
    for (const [token, verdict] of verdicts) {
      try {
        if (!(await verdict)) this.closeToken((state) => state.token === token);
      } catch (error) {
        this.logger.warn(`could not verify a socket's token again: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
