import { Field, Int, ObjectType } from '@nestjs/graphql';
import { SelectQueryBuilder } from 'typeorm';
import { Commitment } from '../../commitments/commitment.entity';
import { CommitmentKind } from '../../commitments/commitment.enums';
import { Country } from '../../countries/country.entity';
import { Organization } from '../../organizations/organization.entity';
import { Topic } from '../../topics/topic.entity';

@ObjectType({ description: 'How many commitments are of one kind.' })
export class CommitmentKindCount {
  @Field(() => CommitmentKind)
  kind: CommitmentKind;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'Commitments tagged with a topic or one of its subtopics (each counted once), as filter.topic counts them.' })
export class TopicFacet {
  @Field(() => Topic)
  topic?: Topic;

  topicId: number;

  @Field(() => Int)
  count: number;
}

@ObjectType({
  description:
    'Commitments binding one party, as filter.party counts them: an organization, or a country (the country itself or one of its organizations).',
})
export class PartyFacet {
  @Field({ description: 'The value to pass as filter.party: an organization id or a 2-letter country code.' })
  party: string;

  @Field(() => Organization, { nullable: true, description: 'Set when the party is an organization.' })
  organization?: Organization | null;

  organizationId: number | null;

  @Field(() => Country, { nullable: true, description: 'Set when the party is a country.' })
  country?: Country | null;

  countryCode: string | null;

  @Field(() => Int)
  count: number;
}

@ObjectType({ description: 'Commitments quoted from something said by a member of one organization.' })
export class OrganizationFacet {
  @Field(() => Organization)
  organization?: Organization;

  organizationId: number;

  @Field(() => Int)
  count: number;
}

/**
 * `commitmentFacets(filter)`: counts that drive a dashboard's filter bar, each over the
 * commitments the filter selects. Each field is one GROUP BY query, run only when asked for.
 */
@ObjectType({ description: 'Counts of the commitments a filter selects, by status, kind, topic, party and speaker organization.' })
export class CommitmentFacets {
  /** The filtered commitments (alias `c`); every facet counts over a clone of it. */
  query: SelectQueryBuilder<Commitment>;
}
