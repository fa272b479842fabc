import { Module } from '@nestjs/common';
import { DemoDataService } from './demo-data.service';
import { IngestResolver } from './ingest.resolver';
import { IngestService } from './ingest.service';

@Module({ providers: [IngestService, IngestResolver, DemoDataService], exports: [IngestService] })
export class IngestModule {}
