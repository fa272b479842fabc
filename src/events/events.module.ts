import { Global, Module } from '@nestjs/common';
import { EventsService } from './events.service';
import { createPubSub, PUB_SUB } from './pub-sub.provider';

@Global()
@Module({
  providers: [{ provide: PUB_SUB, useFactory: () => createPubSub() }, EventsService],
  exports: [EventsService, PUB_SUB],
})
export class EventsModule {}
