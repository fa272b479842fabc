import { Module } from '@nestjs/common';
import { LoggerModule, Params } from 'nestjs-pino';
import { loadConfig } from '../config/configuration';
import { pinoHttpOptions } from './pino-options';

/**
 * Structured logs (pino): a JSON line per request with its id, and, once main.ts hands Nest's
 * logger over to it, JSON lines for everything the application logs, carrying the id of the
 * request they belong to. Options read when the module is built (LOG_LEVEL).
 */
@Module({
  imports: [LoggerModule.forRootAsync({ useFactory: (): Params => ({ pinoHttp: pinoHttpOptions(loadConfig().logLevel) as Params['pinoHttp'] }) })],
})
export class LoggingModule {}
