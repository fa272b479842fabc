import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { ApiTokensService } from './auth/api-tokens.service';
import { loadConfig } from './config/configuration';
import { closeGracefullyOnSignals } from './lifecycle/graceful-shutdown';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // Nest's own body parser (100 kB) stays off: SecurityModule parses JSON up to BODY_LIMIT_BYTES.
  // Logs are JSON lines from pino (LOG_LEVEL), held back until it takes over.
  const app = await NestFactory.create(AppModule, { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  closeGracefullyOnSignals(app, { drainMs: Number(process.env.SHUTDOWN_DRAIN_MS ?? 0), graceMs: Number(process.env.SHUTDOWN_GRACE_MS ?? 5000) });
  await app.listen(config.port);
  // The port really bound (PORT=0 picks a free one).
  const port = (app.getHttpServer().address() as AddressInfo).port;
  // Secure by default: nothing is readable without a token, so the very first start makes one.
  const firstToken = await app.get(ApiTokensService).createFirstAdminToken();
  if (firstToken) printFirstToken(firstToken, port);
  const where = config.driver === 'postgres' ? 'PostgreSQL' : `SQLite ${config.sqlitePath}`;
  Logger.log(`GraphQL at http://localhost:${port}/graphql (${where})`, 'Bootstrap');
}

/** Printed once, on standard output only (never logged): the token is not stored anywhere readable. */
function printFirstToken(token: string, port: number): void {
  process.stdout.write(
    [
      '',
      'First start: an ADMIN API token was created. It is shown this once; store it now.',
      '',
      `  ${token}`,
      '',
      'Use it as:',
      `  curl -s localhost:${port}/graphql -H 'authorization: Bearer ${token}' -H 'content-type: application/json' -d '{"query":"{ topics { slug } }"}'`,
      `  the dashboard: http://localhost:${port}/#token=${token}`,
      'Make more (and less powerful) tokens with: npm run cli -- token create --role analyst|staff|admin --name "..."',
      '',
    ].join('\n') + '\n',
  );
}

void bootstrap();
