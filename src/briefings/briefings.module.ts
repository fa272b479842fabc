import { Global, Module } from '@nestjs/common';
import { BriefingsResolver, StatementBriefingResolver } from './briefings.resolver';
import { BriefingsService } from './briefings.service';

@Global()
@Module({ providers: [BriefingsService, BriefingsResolver, StatementBriefingResolver], exports: [BriefingsService] })
export class BriefingsModule {}
