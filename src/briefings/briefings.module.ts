import { Global, Module } from '@nestjs/common';
import { BriefingConnectionResolver, BriefingsResolver, StatementBriefingResolver } from './briefings.resolver';
import { BriefingsService } from './briefings.service';

@Global()
@Module({ providers: [BriefingsService, BriefingsResolver, BriefingConnectionResolver, StatementBriefingResolver], exports: [BriefingsService] })
export class BriefingsModule {}
