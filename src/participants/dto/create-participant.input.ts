import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsEnum, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ParticipantRole } from '../participant.entity';

@InputType()
export class CreateParticipantInput {
  @Field({ description: 'e.g. Luis Videgaray, or Senior Administration Official One.' })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  name: string;

  @Field(() => String, { nullable: true, description: 'Mr., Ambassador, General, ...' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  honorific?: string | null;

  @Field(() => String, { nullable: true, description: 'The post held at the time, e.g. Foreign Secretary.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  post?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  organizationId?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 code, e.g. MX.' })
  @IsOptional()
  @IsString()
  countryCode?: string | null;

  @Field(() => ParticipantRole)
  @IsEnum(ParticipantRole)
  role: ParticipantRole;

  @Field(() => Boolean, { nullable: true, description: 'A speaker on background; false when not given.' })
  @IsOptional()
  @IsBoolean()
  anonymous?: boolean | null;

  @Field(() => String, { nullable: true, description: 'How an anonymous speaker is to be cited.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  attribution?: string | null;

  @Field(() => [String], { nullable: true, description: 'Other names: labels, short forms. Blanks and repeats are dropped.' })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  aliases?: string[] | null;
}
