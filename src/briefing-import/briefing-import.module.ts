import { Module } from '@nestjs/common';
import { ReferenceDataModule } from '../reference-data/reference-data.module';
import { DemoDataService } from './demo-data.service';
import { BriefingImportResolver } from './briefing-import.resolver';
import { BriefingImportService } from './briefing-import.service';

@Module({ imports: [ReferenceDataModule], providers: [BriefingImportService, BriefingImportResolver, DemoDataService], exports: [BriefingImportService] })
export class BriefingImportModule {}
