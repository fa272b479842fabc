import { Module } from '@nestjs/common';
import { ReferenceDataService } from './reference-data.service';

/** The reference rows every database starts with (countries, agenda topics, the first dialogue), inserted when missing. */
@Module({ providers: [ReferenceDataService], exports: [ReferenceDataService] })
export class ReferenceDataModule {}
