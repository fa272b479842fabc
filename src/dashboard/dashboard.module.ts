import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/** Serves the dashboard page (GET /) and its files; no providers: the page reads the GraphQL API. */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
