import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { PubSub, PubSubEngine } from 'graphql-subscriptions';
import type { RedisPubSub } from 'graphql-redis-subscriptions';
import { loadConfig } from '../config/configuration';

export const PUB_SUB = Symbol('PUB_SUB');

/**
 * Redis through a channel prefix: one Redis can serve several databases (test runs in
 * parallel, staging and production) without their events crossing. RedisPubSub's own
 * triggerTransform applies to subscribe() only, so the prefix is added here, to both sides.
 */
export class PrefixedPubSub extends PubSubEngine {
  constructor(
    readonly inner: RedisPubSub,
    readonly prefix: string,
  ) {
    super();
  }

  publish(trigger: string, payload: unknown): Promise<void> {
    return this.inner.publish(this.prefix + trigger, payload);
  }

  subscribe(trigger: string, onMessage: (payload: any) => void, options: object = {}): Promise<number> {
    return this.inner.subscribe(this.prefix + trigger, onMessage, options);
  }

  unsubscribe(id: number): void {
    this.inner.unsubscribe(id);
  }
}

/**
 * The default channel prefix: the database the instance serves, by name (PostgreSQL database
 * and schema; SQLite file), not by host, so every instance of one deployment shares a bus even
 * if they reach the database under different host names. REDIS_CHANNEL_PREFIX overrides it.
 */
export function defaultChannelPrefix(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REDIS_CHANNEL_PREFIX !== undefined) return env.REDIS_CHANNEL_PREFIX;
  const config = loadConfig(env);
  const database =
    config.driver === 'postgres'
      ? `${decodeURIComponent(new URL(config.databaseUrl!).pathname.slice(1)) || 'postgres'}.${config.databaseSchema ?? 'public'}`
      : resolve(config.sqlitePath);
  return `tracker:${database}:`;
}

/**
 * The event bus behind subscriptions: in-process by default; with REDIS_URL, Redis, so that
 * several API instances share one bus (a change made through one reaches subscribers of all).
 */
export function createPubSub(redisUrl = process.env.REDIS_URL, prefix = defaultChannelPrefix()): PubSubEngine {
  if (!redisUrl?.trim()) {
    // Any number of subscribers may listen to one trigger (Node warns above 10 by default).
    const eventEmitter = new EventEmitter();
    eventEmitter.setMaxListeners(0);
    return new PubSub({ eventEmitter });
  }
  // Loaded only with REDIS_URL: without it the start does not pay for ioredis.
  const { RedisPubSub } = require('graphql-redis-subscriptions') as typeof import('graphql-redis-subscriptions');
  const Redis = (require('ioredis') as typeof import('ioredis')).default;
  const logger = new Logger('PubSub');
  // The subscriber skips ioredis's ready check: after a reconnect (Redis drops a subscriber
  // that falls behind its output buffer) the check's INFO would be refused in subscriber mode,
  // and ioredis subscribes again by itself.
  const connect = (subscriber: boolean) => {
    const client = new Redis(redisUrl.trim(), { maxRetriesPerRequest: 3, lazyConnect: false, enableReadyCheck: !subscriber });
    client.on('error', (error) => logger.warn(`redis: ${error.message}`));
    return client;
  };
  return new PrefixedPubSub(new RedisPubSub({ publisher: connect(false), subscriber: connect(true) }), prefix);
}

/**
 * RedisPubSub, told by its class name: its module is loaded only with REDIS_URL, and in the
 * bundled server (dist/server.js) it is not in require.cache to compare classes with.
 */
function isRedisPubSub(pubSub: PubSubEngine): pubSub is RedisPubSub {
  return pubSub.constructor?.name === 'RedisPubSub' && typeof (pubSub as RedisPubSub).close === 'function';
}

/** Which bus an engine from createPubSub() is. */
export function transportOf(pubSub: PubSubEngine): 'in-process' | 'redis' {
  return pubSub instanceof PrefixedPubSub || isRedisPubSub(pubSub) ? 'redis' : 'in-process';
}

/** Closes Redis connections on shutdown (the in-process bus holds nothing). */
export async function closePubSub(pubSub: PubSubEngine): Promise<void> {
  const redis = pubSub instanceof PrefixedPubSub ? pubSub.inner : pubSub;
  if (isRedisPubSub(redis)) await redis.close();
}
