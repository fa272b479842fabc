import { request as httpRequest, ClientRequest, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { Role } from '../../src/common/security/role';
import { ExportService, ExportStream } from '../../src/export/export.service';
import { createTestApp, TestApp } from '../utils/create-test-app';

/**
 * Each running export holds a batch and a read: one token may run at most
 * EXPORT_MAX_CONCURRENT_PER_TOKEN (2) at once on an instance. 40 stalled export readers of one
 * token used to hold 200 MB more of the server's memory.
 */
describe('Concurrent exports per token (e2e)', () => {
  let t: TestApp;
  let port: number;
  /** Exports that never finish until released: their first chunk goes out, the rest waits. */
  let release: () => void = () => {};
  const open: { req: ClientRequest; res?: IncomingMessage }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    const waiting = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(t.app.get(ExportService), 'open').mockImplementation(
      async (): Promise<ExportStream> => ({
        kind: 'statements',
        format: 'csv',
        contentType: 'text/csv; charset=utf-8',
        filename: 'held.csv',
        stats: { rows: 0, batches: 0 },
        chunks: (async function* () {
          yield 'id\n';
          await waiting;
        })(),
      }),
    );
  });
  afterAll(async () => {
    release();
    for (const { req } of open) req.destroy();
    await t.close();
  });

  /** Starts an export and resolves with its status once its headers (and first chunk) arrive; the response stays open. */
  const start = (token: string) =>
    new Promise<{ status: number; body: () => Promise<string> }>((resolve, reject) => {
      const entry: (typeof open)[number] = {
        req: httpRequest({ host: '127.0.0.1', port, path: '/export/statements.csv', headers: { authorization: `Bearer ${token}` } }, (res) => {
          entry.res = res;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          const ended = new Promise<string>((r) => res.on('end', () => r(Buffer.concat(chunks).toString())));
          resolve({ status: res.statusCode!, body: () => ended });
        }),
      };
      entry.req.on('error', reject);
      entry.req.end();
      open.push(entry);
    });

  it('refuses a third export of one token while two run (FORBIDDEN, limit exports); other tokens and finished exports do not count', async () => {
    const analyst = await t.tokenFor('exporter', Role.ANALYST);
    const first = await start(analyst);
    const second = await start(analyst);
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await start(analyst);
    expect(third.status).toBe(403);
    expect(JSON.parse(await third.body())).toEqual({
      errors: [{ message: 'Too many exports running for this token: at most 2 at once; finish one before starting another', extensions: { code: 'FORBIDDEN', limit: 'exports', max: 2 } }],
    });
    // Another token has its own count.
    expect((await start(await t.tokenFor('other-exporter', Role.ANALYST))).status).toBe(200);
    // A client that goes away gives its place back.
    open[0].req.destroy();
    await new Promise((r) => setTimeout(r, 200));
    expect((await start(analyst)).status).toBe(200);
  });
});
