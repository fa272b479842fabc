import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiToken } from './api-token.entity';
import { ApiTokensResolver } from './api-tokens.resolver';
import { ApiTokensService } from './api-tokens.service';

/** API tokens and their roles. The AccessGuard that uses them is registered by AppModule. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ApiToken])],
  providers: [ApiTokensService, ApiTokensResolver],
  exports: [ApiTokensService],
})
export class AuthModule {}
