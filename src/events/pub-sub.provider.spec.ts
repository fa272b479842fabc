import { PubSub } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { PendingEvents, COMMITMENT_CHANGED, MEETING_OUTCOME_LOGGED } from './domain-events';
import { closePubSub, createPubSub, defaultChannelPrefix, PrefixedPubSub, transportOf } from './pub-sub.provider';

describe('createPubSub', () => {
  it('is in-process without REDIS_URL, and takes any number of subscribers', async () => {
    const bus = createPubSub('', 'unused:');
    expect(bus).toBeInstanceOf(PubSub);
    expect(transportOf(bus)).toBe('in-process');
    const warn = jest.spyOn(process, 'emitWarning');
    for (let i = 0; i < 20; i++) await bus.subscribe('t', () => {}, {});
    expect(warn).not.toHaveBeenCalled();
    await closePubSub(bus);
  });
});

describe('PrefixedPubSub', () => {
  it('adds the prefix on both sides: publish and subscribe', async () => {
    const inner = { publish: jest.fn(async () => {}), subscribe: jest.fn(async () => 7), unsubscribe: jest.fn() };
    const bus = new PrefixedPubSub(inner as unknown as RedisPubSub, 'tracker:test.t_1:');
    await bus.publish('commitmentChanged', { eventId: 1 });
    expect(await bus.subscribe('commitmentChanged', () => {})).toBe(7);
    bus.unsubscribe(7);
    expect(inner.publish).toHaveBeenCalledWith('tracker:test.t_1:commitmentChanged', { eventId: 1 });
    expect(inner.subscribe).toHaveBeenCalledWith('tracker:test.t_1:commitmentChanged', expect.any(Function), {});
    expect(inner.unsubscribe).toHaveBeenCalledWith(7);
    expect(transportOf(bus)).toBe('redis');
  });
});

describe('defaultChannelPrefix', () => {
  it('names the PostgreSQL database and schema, not the host or credentials', () => {
    expect(defaultChannelPrefix({ DATABASE_URL: 'postgres://u:secret@db-1:5432/tracker', DATABASE_SCHEMA: 'prod' })).toBe('tracker:tracker.prod:');
    expect(defaultChannelPrefix({ DATABASE_URL: 'postgresql://other-host/tracker' })).toBe('tracker:tracker.public:');
  });

  it('names the SQLite file by its absolute path', () => {
    expect(defaultChannelPrefix({ DATABASE_URL: 'sqlite:/var/lib/tracker.sqlite' })).toBe('tracker:/var/lib/tracker.sqlite:');
  });

  it('is REDIS_CHANNEL_PREFIX when set (even empty)', () => {
    expect(defaultChannelPrefix({ DATABASE_URL: 'postgres://db/tracker', REDIS_CHANNEL_PREFIX: 'staging:' })).toBe('staging:');
    expect(defaultChannelPrefix({ REDIS_CHANNEL_PREFIX: '' })).toBe('');
  });
});

describe('PendingEvents', () => {
  it('publishes what was raised, in order, once', async () => {
    const published: [string, unknown][] = [];
    const bus = { publish: async (trigger: string, payload: unknown) => void published.push([trigger, payload]) };
    const events = new PendingEvents();
    events.add(COMMITMENT_CHANGED, { eventId: 1, commitmentId: 2, topicIds: [3] });
    events.add(MEETING_OUTCOME_LOGGED, { outcomeId: 4, meetingId: 5, dialogueId: null });
    expect(events.size).toBe(2);
    await events.publish(bus as unknown as PubSub);
    await events.publish(bus as unknown as PubSub);
    expect(published).toEqual([
      [COMMITMENT_CHANGED, { eventId: 1, commitmentId: 2, topicIds: [3] }],
      [MEETING_OUTCOME_LOGGED, { outcomeId: 4, meetingId: 5, dialogueId: null }],
    ]);
  });

  it('tries every event when one fails: to onError, else throws the first failure after', async () => {
    const tried: string[] = [];
    const bus = {
      publish: async (trigger: string) => {
        tried.push(trigger);
        if (trigger === COMMITMENT_CHANGED) throw new Error('redis down');
      },
    } as unknown as PubSub;
    const raise = () => {
      const events = new PendingEvents();
      events.add(COMMITMENT_CHANGED, { eventId: 1, commitmentId: 2, topicIds: [] });
      events.add(MEETING_OUTCOME_LOGGED, { outcomeId: 4, meetingId: 5, dialogueId: 6 });
      return events;
    };
    const onError = jest.fn();
    await raise().publish(bus, onError);
    expect(onError).toHaveBeenCalledWith(new Error('redis down'), COMMITMENT_CHANGED);
    await expect(raise().publish(bus)).rejects.toThrow('redis down');
    expect(tried).toEqual([COMMITMENT_CHANGED, MEETING_OUTCOME_LOGGED, COMMITMENT_CHANGED, MEETING_OUTCOME_LOGGED]);
  });
});
