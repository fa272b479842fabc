import { Module } from '@nestjs/common';
import { SocketGovernor } from './socket-governor';

/** The graphql-ws bounds, for GraphQLModule's factory (which builds the graphql-ws options with them). */
@Module({ providers: [SocketGovernor], exports: [SocketGovernor] })
export class SocketGovernorModule {}
