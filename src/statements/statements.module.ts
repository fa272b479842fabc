import { Global, Module } from '@nestjs/common';
import { StatementsService } from './statements.service';

@Global()
@Module({ providers: [StatementsService], exports: [StatementsService] })
export class StatementsModule {}
