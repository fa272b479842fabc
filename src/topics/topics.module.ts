import { Global, Module } from '@nestjs/common';
import { TopicsResolver } from './topics.resolver';
import { TopicsService } from './topics.service';

/** Global: statements, commitments and meetings are all tagged with topics. */
@Global()
@Module({ providers: [TopicsService, TopicsResolver], exports: [TopicsService] })
export class TopicsModule {}
