import { InputType, PartialType } from '@nestjs/graphql';
import { CreateTopicInput } from './create-topic.input';

/** Only the fields given change; `parentId: null` makes the topic a root again. */
@InputType()
export class UpdateTopicInput extends PartialType(CreateTopicInput) {}
