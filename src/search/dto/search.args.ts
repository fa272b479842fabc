import { ArgsType, Field, registerEnumType } from '@nestjs/graphql';
import { IsArray, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { ConnectionArgs } from '../../common/pagination/connection.types';
import { MAX_SEARCH_LENGTH } from '../search-query';

export enum SearchType {
  STATEMENT = 'STATEMENT',
  COMMITMENT = 'COMMITMENT',
}
registerEnumType(SearchType, { name: 'SearchType', description: 'What a search hit is.' });

@ArgsType()
export class SearchArgs extends ConnectionArgs {
  @Field(() => String, {
    description:
      'Words to find (all of them; English stems match, so "cooperate" finds "cooperation"), "quoted phrases", a trailing * for a prefix (coop*), and OR between two terms. At most 16 terms, 4 of them prefixes.',
  })
  @IsString()
  @MaxLength(MAX_SEARCH_LENGTH)
  text: string;

  @Field(() => [SearchType], { nullable: true, description: 'What to search; all types when omitted.' })
  @IsOptional()
  @IsArray()
  @IsEnum(SearchType, { each: true })
  types?: SearchType[] | null;
}
