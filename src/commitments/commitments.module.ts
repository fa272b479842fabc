import { Global, Module } from '@nestjs/common';
import { CommitmentsService } from './commitments.service';

@Global()
@Module({ providers: [CommitmentsService], exports: [CommitmentsService] })
export class CommitmentsModule {}
