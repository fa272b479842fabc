import { Field, ObjectType } from '@nestjs/graphql';

/** What a status change rests on: a statement, a meeting outcome, an external address. */
@ObjectType({ description: 'What a status change rests on: a statement, a meeting outcome and/or an external address.' })
export class Evidence {
  statementId: number | null;
  meetingOutcomeId: number | null;

  @Field(() => String, { nullable: true })
  url: string | null;
}
