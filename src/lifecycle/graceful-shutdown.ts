import { INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ShutdownState } from './shutdown-state';

export interface ShutdownTimes {
  /** How long to keep serving with /health failing, for balancers to stop sending (default 0). */
  drainMs?: number;
  /** How long requests in flight may take once no new connections are accepted (default 5 s). */
  graceMs?: number;
}

/**
 * Stops an instance without failing a request. First /health answers 503 while the instance
 * still serves, for `drainMs`, so balancers that check it stop sending; then the HTTP server
 * stops accepting connections and the requests in flight finish; then the application closes
 * (database, event bus). Nest's own shutdown hooks would close the database first, under
 * requests still running. Sockets still open after `graceMs` (subscriptions) are cut.
 */
export async function drainAndClose(app: INestApplication, { drainMs = 0, graceMs = 5_000 }: ShutdownTimes = {}): Promise<void> {
  const server = app.getHttpServer() as Server;
  app.get(ShutdownState, { strict: false }).draining = true;
  if (drainMs > 0) await sleep(drainMs);
  if (server.listening) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
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
export function closeGracefullyOnSignals(app: INestApplication, times: ShutdownTimes): void {
  const logger = new Logger('Shutdown');
  const onSignal = (signal: NodeJS.Signals) => {
    logger.log(`${signal}: no new connections; finishing the requests in flight`);
    process.once(signal, () => process.exit(1));
    drainAndClose(app, times).then(
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
