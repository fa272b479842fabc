import { EntityManager } from 'typeorm';
import { COMMITMENT_CHANGED, PendingEvents } from '../events/domain-events';
import { CommitmentEvent } from './commitment.entity';

/*
 * A commitment's history as it is written: event rows appended inside the change's transaction,
 * each announced as COMMITMENT_CHANGED once that transaction commits. Used by
 * CommitmentWritesService and CommitmentStatusService.
 */

/** Inserts events in order and returns their ids. */
export async function insertEvents(em: EntityManager, rows: Omit<CommitmentEvent, 'id'>[]): Promise<number[]> {
  const ids: number[] = [];
  for (const row of rows) ids.push(Number((await em.insert(CommitmentEvent, row)).identifiers[0].id));
  return ids;
}

/** Holds COMMITMENT_CHANGED for each event until the transaction commits. */
export async function announceEvents(em: EntityManager, events: PendingEvents, commitmentId: number, eventIds: number[]): Promise<void> {
  if (!eventIds.length) return;
  const topicIds = await topicIdsWithAncestors(em, commitmentId);
  for (const eventId of eventIds) events.add(COMMITMENT_CHANGED, { eventId, commitmentId, topicIds });
}

/** The commitment's topics and all their ancestors, in id order (the subscription's topic filter). */
async function topicIdsWithAncestors(em: EntityManager, commitmentId: number): Promise<number[]> {
  const [query, parameters] = em.connection.driver.escapeQueryWithParameters(
    `WITH RECURSIVE up(id, parent_id) AS (
       SELECT t.id, t.parent_id FROM topic t INNER JOIN commitment_topic ct ON ct.topic_id = t.id WHERE ct.commitment_id = :commitmentId
       UNION
       SELECT t.id, t.parent_id FROM topic t INNER JOIN up ON t.id = up.parent_id
     )
     SELECT DISTINCT id FROM up ORDER BY id`,
    { commitmentId },
  );
  const rows: { id: number | string }[] = await em.query(query, parameters);
  return rows.map((r) => Number(r.id));
}
