import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { RequireRole } from '../common/security/access.decorators';
import { Role } from '../common/security/role';
import type { Principal } from '../common/security/principal';
import { NotFoundError } from '../common/errors/domain-errors';
import { ConcurrentExportsError } from '../common/limits/limit-errors';
import { loadConfig } from '../config/configuration';
import { EXPORT_FORMATS, EXPORT_KINDS, ExportFormat, ExportKind } from './export-params';
import { ExportErrorFilter } from './export-error.filter';
import { ExportService } from './export.service';

/** `<kind>.<format>`, e.g. commitments.csv; null for anything else. */
export function parseExportFile(file: string): { kind: ExportKind; format: ExportFormat } | null {
  const m = /^([a-z]+)\.([a-z]+)$/.exec(file);
  if (!m || !EXPORT_KINDS.includes(m[1] as ExportKind) || !EXPORT_FORMATS.includes(m[2] as ExportFormat)) return null;
  return { kind: m[1] as ExportKind, format: m[2] as ExportFormat };
}

/**
 * GET /export/{commitments,statements,meetings}.{csv,json}?<filter fields>&orderBy=&direction=
 * streams the export as the client reads it (chunked; one batch of rows in memory at a time).
 */
@RequireRole(Role.ANALYST)
@Controller('export')
@UseFilters(ExportErrorFilter)
export class ExportController {
  /** A reader that takes nothing for this long is dropped, so a stalled client holds neither a batch nor a socket. */
  private readonly idleTimeoutMs = loadConfig().exportIdleTimeoutMs;
  /** Each running export holds a batch and a read: one token may run only a few at once. */
  private readonly maxPerToken = loadConfig().exportMaxConcurrentPerToken;
  private readonly running = new Map<number, number>();

  constructor(private readonly exports: ExportService) {}

  @Get(':file')
  async download(
    @Param('file') file: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest & { principal?: Principal },
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const target = parseExportFile(file);
    if (!target) throw new NotFoundError('Export', file, 'file');
    // The access guard let a token through: it is counted until its response closes.
    const tokenId = request.principal!.tokenId;
    const runningNow = this.running.get(tokenId) ?? 0;
    if (runningNow >= this.maxPerToken) throw new ConcurrentExportsError(this.maxPerToken);
    this.running.set(tokenId, runningNow + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.running.get(tokenId) ?? 1) - 1;
      if (left > 0) this.running.set(tokenId, left);
      else this.running.delete(tokenId);
    };
    reply.raw.once('close', release);
    // Fails here (BAD_USER_INPUT -> 400) before any header is sent.
    const stream = await this.exports.open(target.kind, target.format, query).catch((error: unknown) => {
      release();
      throw error;
    });
    // Nothing taken by the client (the socket neither drained nor written) for idleTimeoutMs:
    // the response is dropped, which ends the reading. Once the export ends, the socket goes
    // back to the server's own idle timeout (a kept-alive socket serves other requests).
    const socket = reply.raw.socket;
    if (socket && this.idleTimeoutMs > 0) {
      const drop = () => reply.raw.destroy();
      socket.setTimeout(this.idleTimeoutMs, drop);
      reply.raw.once('close', () => (socket.off('timeout', drop), socket.setTimeout(reply.server.server.timeout)));
    }
    // One chunk (a batch) buffered at most: Fastify pipes the stream with back-pressure, and
    // stops reading batches (destroying the stream) if the client goes away; a failure after the
    // export began cuts the response short.
    await reply
      .status(200)
      .header('Content-Type', stream.contentType)
      .header('Content-Disposition', `attachment; filename="${stream.filename}"`)
      .header('Cache-Control', 'no-store')
      .send(Readable.from(stream.chunks, { objectMode: true, highWaterMark: 1 }));
  }
}
