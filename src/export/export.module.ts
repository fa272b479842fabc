import { Global, Module } from '@nestjs/common';
import { ExportController } from './export.controller';
import { PopoloExport } from './export-popolo';
import { ExportRows } from './export-rows';
import { ExportService } from './export.service';

/** Exports over HTTP (GET /export/<kind>.<format>) and for the CLI (`npm run cli -- export`). */
@Global()
@Module({ controllers: [ExportController], providers: [ExportService, ExportRows, PopoloExport], exports: [ExportService] })
export class ExportModule {}
