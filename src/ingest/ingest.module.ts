import { Module } from '@nestjs/common';
import { ReferenceDataModule } from '../reference-data/reference-data.module';
import { DemoDataService } from './demo-data.service';
import { IngestResolver } from './ingest.resolver';
import { IngestService } from './ingest.service';

@Module({ imports: [ReferenceDataModule], providers: [IngestService, IngestResolver, DemoDataService], exports: [IngestService] })
export class IngestModule {}
