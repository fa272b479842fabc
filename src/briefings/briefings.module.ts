import { Module } from '@nestjs/common';
import { BriefingsService } from './briefings.service';

@Module({ providers: [BriefingsService], exports: [BriefingsService] })
export class BriefingsModule {}
