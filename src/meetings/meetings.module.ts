import { Global, Module } from '@nestjs/common';
import { MeetingsService } from './meetings.service';

@Global()
@Module({ providers: [MeetingsService], exports: [MeetingsService] })
export class MeetingsModule {}
