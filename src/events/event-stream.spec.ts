import { PubSub } from 'graphql-subscriptions';
import { EventStream, SlowConsumerError } from './event-stream';

describe('EventStream', () => {
  it('is subscribed once open() resolves, and hands out payloads in order, mapped and filtered', async () => {
    const bus = new PubSub();
    const stream = await EventStream.open<number, string>(bus, 't', (n) => (n % 2 ? `odd ${n}` : null));
    for (const n of [1, 2, 3, 5]) await bus.publish('t', n);
    expect([await stream.next(), await stream.next(), await stream.next()]).toEqual([
      { value: 'odd 1', done: false },
      { value: 'odd 3', done: false },
      { value: 'odd 5', done: false },
    ]);
  });

  it('waits for a payload when none is queued', async () => {
    const bus = new PubSub();
    const stream = await EventStream.open<string, string>(bus, 't', async (s) => s.toUpperCase());
    const pending = stream.next();
    await bus.publish('t', 'later');
    expect(await pending).toEqual({ value: 'LATER', done: false });
  });

  it('return() ends a pending next() at once, unsubscribes, and tells onClose once', async () => {
    const bus = new PubSub();
    const onClose = jest.fn();
    const unsubscribe = jest.spyOn(bus, 'unsubscribe');
    const stream = await EventStream.open<number, number>(bus, 't', (n) => n, onClose);
    const pending = stream.next();
    expect(await stream.return()).toEqual({ value: undefined, done: true });
    expect(await pending).toEqual({ value: undefined, done: true });
    await stream.return();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    expect(onClose).toHaveBeenCalledTimes(1);
    await bus.publish('t', 1);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(stream.isOpen).toBe(false);
  });

  it('closes and rethrows when accept fails', async () => {
    const bus = new PubSub();
    const stream = await EventStream.open<number, number>(bus, 't', () => {
      throw new Error('database down');
    });
    await bus.publish('t', 1);
    await expect(stream.next()).rejects.toThrow('database down');
    expect(stream.isOpen).toBe(false);
  });

  it('throw() closes and rejects with the error', async () => {
    const bus = new PubSub();
    const stream = await EventStream.open<number, number>(bus, 't', (n) => n);
    await expect(stream.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(stream.isOpen).toBe(false);
  });

  it('is its own async iterator', async () => {
    const bus = new PubSub();
    const stream = await EventStream.open<number, number>(bus, 't', (n) => n);
    for (const n of [1, 2]) await bus.publish('t', n);
    const seen: number[] = [];
    for await (const n of stream) {
      seen.push(n);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([1, 2]);
    expect(stream.isOpen).toBe(false);
  });

  it('keeps at most maxQueued payloads for a consumer that does not pull; one more ends it with a SlowConsumerError', async () => {
    const onClose = jest.fn();
    const stream = new EventStream<number, number>((n) => n, onClose, 2);
    stream.push(1);
    stream.push(2);
    expect([stream.backlog, stream.isOpen]).toEqual([2, true]);
    stream.push(3);
    expect([stream.backlog, stream.isOpen]).toEqual([0, false]);
    expect(onClose).toHaveBeenCalledTimes(1);
    await expect(stream.next()).rejects.toBeInstanceOf(SlowConsumerError);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('ends with the SlowConsumerError also when the overflow comes while the consumer is busy with a payload', async () => {
    let release: () => void = () => {};
    const stream = new EventStream<number, number>((n) => (n === 1 ? new Promise<number>((r) => (release = () => r(n))) : n), () => {}, 1);
    stream.push(1);
    const busy = stream.next();
    await Promise.resolve();
    stream.push(2);
    stream.push(3);
    release();
    await expect(busy).rejects.toThrow('Slow consumer: more than 1 events waiting');
  });
});
