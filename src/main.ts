import 'reflect-metadata';
import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AddressInfo } from 'node:net';
import { AppModule } from './app.module';
import { ApiTokensService } from './auth/api-tokens.service';
import { loadConfig } from './config/configuration';
import { closeGracefullyOnSignals } from './lifecycle/graceful-shutdown';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** LOG_LEVEL=debug|info|warn|error: that level and everything more severe. */
function loggerLevels(level: string): LogLevel[] {
  const wanted = (level === 'info' ? 'log' : level) as LogLevel;
  const at = LEVELS.indexOf(wanted);
  return LEVELS.slice(0, at < 0 ? 4 : at + 1);
}

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule, { logger: loggerLevels(config.logLevel) });
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
