import { Module } from '@nestjs/common';
import { SubscriptionsResolver } from './subscriptions.resolver';
import { SubscriptionsService } from './subscriptions.service';

/** GraphQL subscriptions over the event bus of EventsModule (served by AppModule only, not the CLI). */
@Module({ providers: [SubscriptionsService, SubscriptionsResolver] })
export class SubscriptionsModule {}
