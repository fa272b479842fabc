import { FanOut } from './fan-out';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('FanOut', () => {
  it('hands a payload to `batch` subscribers at once, then yields to the event loop before the next batch', async () => {
    const fanOut = new FanOut<number>(4);
    const got: number[][] = Array.from({ length: 10 }, () => []);
    got.forEach((list) => fanOut.add({ push: (n) => list.push(n) }));
    fanOut.publish(1);
    expect(got.filter((list) => list.length).length).toBe(4);
    await turn();
    expect(got.filter((list) => list.length).length).toBe(8);
    await turn();
    expect(got.every((list) => list.length === 1)).toBe(true);
  });

  it('keeps the order of payloads for every subscriber, even when one comes while another is being handed out', async () => {
    const fanOut = new FanOut<string>(2);
    const got: string[][] = Array.from({ length: 5 }, () => []);
    got.forEach((list) => fanOut.add({ push: (s) => list.push(s) }));
    fanOut.publish('a');
    fanOut.publish('b');
    expect(fanOut.backlog).toBe(1);
    for (let i = 0; i < 6; i++) await turn();
    expect(got).toEqual(Array.from({ length: 5 }, () => ['a', 'b']));
    expect(fanOut.backlog).toBe(0);
  });

  it('skips a subscriber removed before its turn', async () => {
    const fanOut = new FanOut<number>(1);
    const first: number[] = [];
    const second: number[] = [];
    const late = { push: (n: number) => second.push(n) };
    fanOut.add({ push: (n) => first.push(n) });
    fanOut.add(late);
    fanOut.publish(1);
    fanOut.delete(late);
    await turn();
    expect([first, second, fanOut.size]).toEqual([[1], [], 1]);
  });
});
