import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ShutdownState } from '../lifecycle/shutdown-state';
import { HealthController } from './health.controller';

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController], providers: [ShutdownState], exports: [ShutdownState] })
export class HealthModule {}
