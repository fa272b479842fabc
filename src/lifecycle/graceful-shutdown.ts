import { INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';

/**
 * Stops an instance without failing a request: first the HTTP server stops accepting
 * connections (a load balancer's next attempt goes to another instance) and the requests in
 * flight finish, then the application closes (database, event bus). Nest's own shutdown hooks
 * would close the database first, under requests still running.
 * Sockets still open after `graceMs` (subscriptions, slow clients) are cut.
 */
export async function drainAndClose(app: INestApplication, graceMs = 5_000): Promise<void> {
  const server = app.getHttpServer() as Server;
  if (server.listening) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive connections would hold close() open: they carry no request, so end them.
    server.closeIdleConnections();
    // Upgraded sockets (subscriptions) are not the HTTP server's to end: past the grace time, go
    // on regardless; closing the app ends them.
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([closed, grace]);
    clearTimeout(timer);
    server.closeAllConnections();
  }
  await app.close();
}

/** SIGTERM / SIGINT: drain, close, exit. A second signal exits at once. */
export function closeGracefullyOnSignals(app: INestApplication, graceMs: number): void {
  const logger = new Logger('Shutdown');
  const onSignal = (signal: NodeJS.Signals) => {
    logger.log(`${signal}: no new connections; finishing the requests in flight`);
    process.once(signal, () => process.exit(1));
    drainAndClose(app, graceMs).then(
      () => process.exit(0),
      (error) => {
        logger.error(error instanceof Error ? error.message : String(error));
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
