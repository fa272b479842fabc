import { Global, Module } from '@nestjs/common';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

/** Global: the statements and commitments filters search through fullTextCondition(). */
@Global()
@Module({ providers: [SearchService, SearchResolver], exports: [SearchService] })
export class SearchModule {}
