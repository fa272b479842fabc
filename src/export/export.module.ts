import { Global, Module } from '@nestjs/common';
import { ExportController } from './export.controller';
import { ExportService } from './export.service';

/** Exports over HTTP (GET /export/<kind>.<format>) and for the CLI (`npm run cli -- export`). */
@Global()
@Module({ controllers: [ExportController], providers: [ExportService], exports: [ExportService] })
export class ExportModule {}
