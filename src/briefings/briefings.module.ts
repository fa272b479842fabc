import { Global, Module } from '@nestjs/common';
import { BriefingsService } from './briefings.service';

@Global()
@Module({ providers: [BriefingsService], exports: [BriefingsService] })
export class BriefingsModule {}
