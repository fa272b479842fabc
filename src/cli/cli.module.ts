import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { DOMAIN_MODULES } from '../domain.modules';
import { ENTITIES } from '../entities';

/** The application without HTTP: what `npm run cli` commands run on. */
@Module({ imports: [DatabaseModule.forRoot(ENTITIES), ...DOMAIN_MODULES] })
export class CliModule {}
