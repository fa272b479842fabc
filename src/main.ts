import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AddressInfo } from 'node:net';
import type { Logger as Pino } from 'pino';
import { AppModule } from './app.module';
import { ApiTokensService } from './auth/api-tokens.service';
import { loadConfig } from './config/configuration';
import { createHttpApp, HTTP_APP_OPTIONS } from './http/http-app';
import { closeGracefullyOnSignals } from './lifecycle/graceful-shutdown';
import { PinoNestLogger } from './logging/pino-options';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // NestJS on Fastify (src/http/http-app.ts). Logs are JSON lines from Fastify's pino logger
  // (LOG_LEVEL), Nest's own held back until it takes over.
  const app = await createHttpApp(async (adapter) => {
    const created = await NestFactory.create<NestFastifyApplication>(AppModule, adapter, { ...HTTP_APP_OPTIONS, bufferLogs: true });
    created.useLogger(new PinoNestLogger(adapter.getInstance().log as unknown as Pino));
    return created;
  });
  closeGracefullyOnSignals(app, { drainMs: Number(process.env.SHUTDOWN_DRAIN_MS ?? 0), graceMs: Number(process.env.SHUTDOWN_GRACE_MS ?? 5000) });
  // Every interface, as Node listens by default (Fastify alone would listen on localhost only).
  await app.listen(config.port, '::').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EAFNOSUPPORT' && error.code !== 'EADDRNOTAVAIL') throw error;
    return app.listen(config.port, '0.0.0.0');
  });
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
