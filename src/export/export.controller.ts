import { Controller, Get, Param, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RequireRole } from '../auth/access.decorators';
import { Role } from '../auth/role';
import { NotFoundError } from '../common/errors/domain-errors';
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

  constructor(private readonly exports: ExportService) {}

  @Get(':file')
  async download(@Param('file') file: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const target = parseExportFile(file);
    if (!target) throw new NotFoundError('Export', file, 'file');
    // Fails here (BAD_USER_INPUT -> 400) before any header is sent.
    const stream = await this.exports.open(target.kind, target.format, query);
    res.status(200);
    res.setHeader('Content-Type', stream.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${stream.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    // Nothing taken by the client (the socket neither drained nor written) for idleTimeoutMs:
    // the response is dropped, which ends the reading.
    const socket = res.socket;
    let idle = false;
    const drop = () => ((idle = true), res.destroy());
    if (socket && this.idleTimeoutMs > 0) socket.setTimeout(this.idleTimeoutMs, drop);
    try {
      // One chunk (a batch) buffered at most; pipeline() honours back-pressure and stops reading
      // batches if the client goes away.
      await pipeline(Readable.from(stream.chunks, { objectMode: true, highWaterMark: 1 }), res);
    } catch (error) {
      // A client that hangs up mid-export, or stalls, is not a server error; anything else is (see the filter).
      if (!idle && (error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    } finally {
      // A kept-alive socket goes on to other requests without this export's timer.
      if (socket && this.idleTimeoutMs > 0) (socket.setTimeout(0), socket.off('timeout', drop));
    }
  }
}
