import { BadUserInputError } from '../common/errors/domain-errors';
import { TimelineBucket } from './dto/topic-progress.types';

/** One bucket of topicTimeline: its calendar bounds and the day its counts are read on. */
export interface TimelineBucketSpan {
  /** First day of the week (Monday), month or quarter. */
  start: string;
  /** Last day of the week (Sunday), month or quarter. */
  end: string;
  /** The day counted: `end`, or `to` when the range stops inside the bucket. */
  asOf: string;
}

/** More buckets than this in one request is refused (a decade of weeks fits). */
export const MAX_TIMELINE_BUCKETS = 600;

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** The first day of the bucket that holds `date`. */
function bucketStart(date: string, bucket: TimelineBucket): number {
  const d = new Date(utc(date));
  switch (bucket) {
    case TimelineBucket.WEEK:
      return d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY; // ISO weeks start on Monday
    case TimelineBucket.MONTH:
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case TimelineBucket.QUARTER:
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3), 1);
  }
}

/** The first day of the bucket after the one starting at `start`. */
function nextStart(start: number, bucket: TimelineBucket): number {
  if (bucket === TimelineBucket.WEEK) return start + 7 * DAY;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + (bucket === TimelineBucket.MONTH ? 1 : 3), 1);
}

/**
 * The buckets covering from..to (both inclusive), in order: every week (ISO, Monday to Sunday),
 * calendar month or calendar quarter that contains a day of the range. Each is counted at its
 * last day, except the last one, counted at `to` when the range ends inside it.
 */
export function timelineBuckets(from: string, to: string, bucket: TimelineBucket): TimelineBucketSpan[] {
  if (from > to) throw BadUserInputError.field('to', `must not be before from (${from})`);
  const spans: TimelineBucketSpan[] = [];
  for (let start = bucketStart(from, bucket); iso(start) <= to; start = nextStart(start, bucket)) {
    if (spans.length === MAX_TIMELINE_BUCKETS) {
      throw BadUserInputError.field('to', `at most ${MAX_TIMELINE_BUCKETS} buckets per request; choose a larger bucket or a shorter range`);
    }
    const end = iso(nextStart(start, bucket) - DAY);
    spans.push({ start: iso(start), end, asOf: end < to ? end : to });
  }
  return spans;
}

/**
 * What reading the event history costs in the query cost estimate (src/common/limits): on the
 * 1M-statement dataset one such read takes a quarter to three quarters of a second (in the read
 * pool, off the event loop), so a request holds at most eight of them at the default limit
 * (25,000), not one per alias (24 at 1,000 each tied up the server for 37 s): enough for the
 * dashboard's chart, one timeline per root topic.
 */
export const HISTORY_READ_COST = 3_000;

/**
 * topicTimeline's estimated cost: one history read, plus what is selected in each point times the
 * number of points. Arguments the resolver will refuse cost one point: its error says why.
 */
export function timelineCost(args: { from?: unknown; to?: unknown; bucket?: unknown }, perPoint: number): number {
  let points = 1;
  try {
    if (typeof args.from === 'string' && typeof args.to === 'string' && Object.values(TimelineBucket).includes(args.bucket as TimelineBucket)) {
      points = timelineBuckets(args.from, args.to, args.bucket as TimelineBucket).length;
    }
  } catch {
    points = 1;
  }
  return HISTORY_READ_COST + points * perPoint;
}
