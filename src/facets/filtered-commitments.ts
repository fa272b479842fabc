import { SelectQueryBuilder } from 'typeorm';
import { Commitment } from '../commitments/commitment.entity';
import { CommitmentQueriesService } from '../commitments/commitment-queries.service';
import { CommitmentFilter } from '../commitments/dto/commitments.args';

/**
 * The commitments a CommitmentFilter selects, as a query builder on alias `c`, filtered by the
 * code the `commitments` list runs, so a facet never counts a different set than the list shows.
 * Bad ids in the filter throw BAD_USER_INPUT here, as in the list.
 */
export async function filteredCommitments(commitments: CommitmentQueriesService, filter: CommitmentFilter): Promise<SelectQueryBuilder<Commitment>> {
  return commitments.filteredQuery(filter);
}
