import { Logger } from '@nestjs/common';
import { PubSub, PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import Redis from 'ioredis';

export const PUB_SUB = Symbol('PUB_SUB');

/**
 * The event bus behind subscriptions: in-process by default; with REDIS_URL, Redis, so that
 * several API instances share one bus (a change made through one reaches subscribers of all).
 */
export function createPubSub(redisUrl = process.env.REDIS_URL): PubSubEngine {
  if (!redisUrl) return new PubSub();
  const logger = new Logger('PubSub');
  const connect = () => {
    const client = new Redis(redisUrl, { maxRetriesPerRequest: 3, lazyConnect: false });
    client.on('error', (error) => logger.warn(`redis: ${error.message}`));
    return client;
  };
  return new RedisPubSub({ publisher: connect(), subscriber: connect() });
}

/** Closes Redis connections on shutdown (the in-process bus holds nothing). */
export async function closePubSub(pubSub: PubSubEngine): Promise<void> {
  if (pubSub instanceof RedisPubSub) await pubSub.close();
}
