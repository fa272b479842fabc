import { TimelineBucket } from './dto/topic-progress.types';
import { MAX_TIMELINE_BUCKETS, timelineBuckets } from './topic-timeline';

describe('timelineBuckets', () => {
  it('cuts ISO weeks (Monday to Sunday), counting the last one at `to`', () => {
    expect(timelineBuckets('2017-02-21', '2017-03-08', TimelineBucket.WEEK)).toEqual([
      { start: '2017-02-20', end: '2017-02-26', asOf: '2017-02-26' },
      { start: '2017-02-27', end: '2017-03-05', asOf: '2017-03-05' },
      { start: '2017-03-06', end: '2017-03-12', asOf: '2017-03-08' },
    ]);
    // A Sunday belongs to the week before; a Monday starts one.
    expect(timelineBuckets('2017-02-26', '2017-02-27', TimelineBucket.WEEK).map((b) => b.start)).toEqual(['2017-02-20', '2017-02-27']);
  });

  it('cuts calendar months, leap days included, across a year end', () => {
    expect(timelineBuckets('2015-12-31', '2016-03-01', TimelineBucket.MONTH)).toEqual([
      { start: '2015-12-01', end: '2015-12-31', asOf: '2015-12-31' },
      { start: '2016-01-01', end: '2016-01-31', asOf: '2016-01-31' },
      { start: '2016-02-01', end: '2016-02-29', asOf: '2016-02-29' },
      { start: '2016-03-01', end: '2016-03-31', asOf: '2016-03-01' },
    ]);
  });

  it('cuts calendar quarters', () => {
    expect(timelineBuckets('2017-02-21', '2017-12-31', TimelineBucket.QUARTER)).toEqual([
      { start: '2017-01-01', end: '2017-03-31', asOf: '2017-03-31' },
      { start: '2017-04-01', end: '2017-06-30', asOf: '2017-06-30' },
      { start: '2017-07-01', end: '2017-09-30', asOf: '2017-09-30' },
      { start: '2017-10-01', end: '2017-12-31', asOf: '2017-12-31' },
    ]);
  });

  it('gives one bucket for one day', () => {
    expect(timelineBuckets('2017-05-31', '2017-05-31', TimelineBucket.MONTH)).toEqual([{ start: '2017-05-01', end: '2017-05-31', asOf: '2017-05-31' }]);
  });

  it('refuses a reversed range and too many buckets on `to`', () => {
    expect(() => timelineBuckets('2017-02-21', '2017-02-20', TimelineBucket.WEEK)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', fields: [{ path: 'to', message: 'must not be before from (2017-02-21)' }] }) }));
    expect(timelineBuckets('2000-01-01', '2049-12-31', TimelineBucket.MONTH)).toHaveLength(MAX_TIMELINE_BUCKETS);
    expect(() => timelineBuckets('2000-01-01', '2050-01-01', TimelineBucket.MONTH)).toThrow(/at most 600 buckets/);
  });
});
