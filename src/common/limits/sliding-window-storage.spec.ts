import { SlidingWindowThrottlerStorage } from './sliding-window-storage';

describe('SlidingWindowThrottlerStorage', () => {
  let now: number;
  beforeEach(() => {
    now = 1_700_000_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  const WINDOW = 60_000;
  const hit = (storage: SlidingWindowThrottlerStorage, key = 'k', limit = 5) => storage.increment(key, WINDOW, limit, 0, 'default');

  it('lets `limit` hits through within the window, refuses the next with the time until the oldest leaves', async () => {
    const storage = new SlidingWindowThrottlerStorage();
    for (let i = 1; i <= 5; i++) {
      expect(await hit(storage)).toMatchObject({ totalHits: i, isBlocked: false, timeToBlockExpire: 0 });
      now += 1_000;
    }
    // Oldest hit at t0: it leaves at t0 + 60 s (+ at most one 1 s slice); now is t0 + 5 s.
    const refused = await hit(storage);
    expect(refused).toMatchObject({ totalHits: 6, isBlocked: true });
    expect(refused.timeToBlockExpire).toBeGreaterThanOrEqual(55);
    expect(refused.timeToBlockExpire).toBeLessThanOrEqual(56);
    // Refusals are not counted: once the oldest hit has left, one more goes through.
    now += 56_000;
    expect(await hit(storage)).toMatchObject({ isBlocked: false, totalHits: 5 });
    expect(await hit(storage)).toMatchObject({ isBlocked: true });
  });

  it('slides: hits leave one by one, never all at once at a fixed boundary', async () => {
    const storage = new SlidingWindowThrottlerStorage();
    for (let i = 0; i < 5; i++) {
      await hit(storage);
      now += 10_000;
    }
    // t0 + 50 s: five hits at 0, 10, 20, 30, 40 s.
    expect(await hit(storage)).toMatchObject({ isBlocked: true });
    now += 11_000; // t0 + 61 s: the hit at 0 s has left (its slice ended at 1 s, + 60 s).
    expect(await hit(storage)).toMatchObject({ isBlocked: false, totalHits: 5 });
    expect(await hit(storage)).toMatchObject({ isBlocked: true });
  });

  it('counts each tracker apart and forgets idle ones', async () => {
    const storage = new SlidingWindowThrottlerStorage();
    for (let i = 0; i < 5; i++) await hit(storage, 'a');
    expect(await hit(storage, 'a')).toMatchObject({ isBlocked: true });
    expect(await hit(storage, 'b')).toMatchObject({ isBlocked: false, totalHits: 1 });
    expect(storage.size).toBe(2);
    now += 3 * WINDOW;
    await hit(storage, 'c');
    expect(storage.size).toBe(1);
  });

  it('counts a busy window to within one slice: 100 000 hits, one a millisecond, leave 60 001 in the last minute', async () => {
    const storage = new SlidingWindowThrottlerStorage();
    for (let i = 0; i < 100_000; i++) {
      await storage.increment('k', WINDOW, 1e9, 0, 'default');
      now += 1;
    }
    expect((await storage.increment('k', WINDOW, 1e9, 0, 'default')).totalHits).toBe(60_001);
  });
});
