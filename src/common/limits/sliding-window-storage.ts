import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';

/** Slices of a window: a hit is counted until the end of its slice plus the window (at most 1/60 of it too long). */
const SLICES = 60;

/** One tracker's hits in the last window, counted by slice of time. */
class SlicedWindow {
  readonly width: number;
  private readonly counts = new Int32Array(SLICES + 1);
  private readonly slices = new Float64Array(SLICES + 1).fill(-Infinity);
  total = 0;
  lastSeen = 0;

  constructor(readonly ttl: number) {
    this.width = Math.max(1, ttl / SLICES);
  }

  /** Drops the slices whose hits have all left the window by `now`. */
  expire(now: number): void {
    this.lastSeen = now;
    for (let i = 0; i < this.counts.length; i++) {
      if (this.counts[i] > 0 && (this.slices[i] + 1) * this.width + this.ttl <= now) {
        this.total -= this.counts[i];
        this.counts[i] = 0;
      }
    }
  }

  add(now: number): void {
    const slice = Math.floor(now / this.width);
    const i = slice % this.counts.length;
    if (this.slices[i] !== slice) {
      this.total -= this.counts[i];
      this.counts[i] = 0;
      this.slices[i] = slice;
    }
    this.counts[i]++;
    this.total++;
  }

  /** ms from `now` until the oldest hit still counted leaves the window. */
  untilOldestLeaves(now: number): number {
    let oldest = Infinity;
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i] > 0) oldest = Math.min(oldest, this.slices[i]);
    return oldest === Infinity ? 0 : Math.max(0, (oldest + 1) * this.width + this.ttl - now);
  }
}

/**
 * @nestjs/throttler's storage for a sliding window (blockDuration 0) in constant time and
 * memory per tracker: hits counted by 1/60 slices of the window instead of one timestamp per
 * hit. The library's own storage keeps every hit's expiry and filters that whole list on each
 * request, which under a high RATE_LIMIT grew to tens of thousands of entries copied per
 * request. Refuses while `limit` hits fall within the window, as that one does.
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, SlicedWindow>();
  private sweptAt = 0;

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    this.sweep(now, ttl);
    const id = `${throttlerName}:${key}`;
    let window = this.windows.get(id);
    if (!window || window.ttl !== ttl) this.windows.set(id, (window = new SlicedWindow(ttl)));
    window.expire(now);
    const isBlocked = window.total >= limit;
    if (!isBlocked) window.add(now);
    const timeToExpire = Math.ceil(window.untilOldestLeaves(now) / 1000);
    return { totalHits: window.total + (isBlocked ? 1 : 0), timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToExpire : 0 };
  }

  /** Forgets trackers idle for a whole window, at most once a window. */
  private sweep(now: number, ttl: number): void {
    if (now - this.sweptAt < ttl) return;
    this.sweptAt = now;
    for (const [id, window] of this.windows) if (now - window.lastSeen > window.ttl * 2) this.windows.delete(id);
  }

  /** Trackers remembered (for tests). */
  get size(): number {
    return this.windows.size;
  }
}
