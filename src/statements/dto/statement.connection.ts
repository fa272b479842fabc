import { Field, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../common/pagination/connection.types';
import { Topic } from '../../topics/topic.entity';
import { Statement } from '../statement.entity';

@ObjectType()
export class StatementConnection extends Connection(Statement) {}

/** A statement's topic and the cue that tagged it (null when tagged by hand). */
@ObjectType()
export class TopicTag {
  @Field(() => Topic)
  topic: Topic;

  @Field(() => String, { nullable: true, description: "The rule or keyword that fired, e.g. 'keyword:cartels'; null when tagged by hand." })
  cue: string | null;
}
