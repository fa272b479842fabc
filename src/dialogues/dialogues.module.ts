import { Global, Module } from '@nestjs/common';
import { DialoguesResolver } from './dialogues.resolver';
import { DialoguesService } from './dialogues.service';

@Global()
@Module({ providers: [DialoguesService, DialoguesResolver], exports: [DialoguesService] })
export class DialoguesModule {}
