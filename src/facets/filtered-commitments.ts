import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Commitment } from '../commitments/commitment.entity';
import { CommitmentsService } from '../commitments/commitments.service';
import { CommitmentFilter } from '../commitments/dto/commitments.args';

/**
 * The commitments a CommitmentFilter selects, as a query builder on alias `c`, filtered by the
 * very code the `commitments` list runs (CommitmentsService.applyFilter), so a facet can never
 * count a different set than the list shows. That method is private to CommitmentsService;
 * this is the one place outside it that reaches it (bracket access keeps it type-checked, so a
 * rename fails the build here). Bad ids in the filter throw BAD_USER_INPUT here, as in the list.
 */
export async function filteredCommitments(
  dataSource: DataSource,
  commitments: CommitmentsService,
  filter: CommitmentFilter,
): Promise<SelectQueryBuilder<Commitment>> {
  const qb = dataSource.getRepository(Commitment).createQueryBuilder('c');
  // `await`: the filter may become asynchronous (a search syntax check, say) without breaking this.
  await commitments['applyFilter'](qb, filter);
  return qb;
}
