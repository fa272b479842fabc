import { Global, Module } from '@nestjs/common';
import { CountriesResolver } from './countries.resolver';
import { CountriesService } from './countries.service';

/** Global: almost every feature points at a country. */
@Global()
@Module({ providers: [CountriesService, CountriesResolver], exports: [CountriesService] })
export class CountriesModule {}
