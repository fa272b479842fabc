import { EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { Commitment } from './commitment.entity';

/*
 * A commitment's version, taken by every change inside the change's transaction: with the
 * version the caller expects (bumpVersion: the optimistic lock) or without one (claimVersion:
 * wait for any concurrent writer). Used by CommitmentWritesService and CommitmentStatusService.
 */

/**
 * The optimistic lock: the version check and the write are one UPDATE, so of two writers
 * holding the same version exactly one matches a row; the other gets CONFLICT.
 */
export async function bumpVersion(em: EntityManager, current: Commitment, expectedVersion: number, changes: Partial<Commitment>): Promise<void> {
  const result = await em
    .createQueryBuilder()
    .update(Commitment)
    .set({ ...changes, version: () => 'version + 1' })
    .where('id = :id', { id: current.id })
    .andWhere('version = :expectedVersion', { expectedVersion })
    .execute();
  if (result.affected === 1) return;
  const now = await em.findOne(Commitment, { where: { id: current.id }, select: { id: true, version: true } });
  throw staleVersion(now ?? current, expectedVersion);
}

/**
 * The version bump of a change that expects no version: an UPDATE on the id alone, which
 * waits for a concurrent writer's lock on the row (PostgreSQL; SQLite runs one transaction
 * at a time) and then applies to the row as that writer left it; the commitment is read back
 * afterwards, so the change is judged against the current status. So concurrent changes
 * without expectedVersion run one after the other instead of failing with CONFLICT.
 */
export async function claimVersion(em: EntityManager, id: number, changes: Partial<Commitment>): Promise<Commitment> {
  const result = await em
    .createQueryBuilder()
    .update(Commitment)
    .set({ ...changes, version: () => 'version + 1' })
    .where('id = :id', { id })
    .execute();
  const claimed = result.affected === 1 ? await em.findOneBy(Commitment, { id }) : null;
  if (!claimed) throw new NotFoundError('Commitment', id, 'input.id');
  return claimed;
}

/** CONFLICT for a caller that holds another version than the commitment's current one. */
export function staleVersion(current: { id: number; version: number }, expectedVersion: number): ConflictError {
  return new ConflictError(`Commitment ${current.id} is at version ${current.version}, not ${expectedVersion}; read it again`, {
    currentVersion: current.version,
  });
}
