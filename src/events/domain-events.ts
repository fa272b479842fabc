import { PubSubEngine } from 'graphql-subscriptions';

/** Subscription triggers; payloads are plain JSON (they cross Redis). */
export const COMMITMENT_CHANGED = 'commitmentChanged';
export const MEETING_OUTCOME_LOGGED = 'meetingOutcomeLogged';
/** Not a subscription: a token revoked, for the other processes on a shared (Redis) bus. */
export const TOKEN_REVOKED = 'tokenRevoked';

export interface TokenRevokedPayload {
  tokenId: number;
}

export interface CommitmentChangedPayload {
  /** The CommitmentEvent's id. */
  eventId: number;
  commitmentId: number;
  /** Topic ids of the commitment (with their ancestors), for the `topic` argument's filter. */
  topicIds: number[];
}

export interface MeetingOutcomeLoggedPayload {
  outcomeId: number;
  meetingId: number;
  dialogueId: number | null;
}

type Pending = { trigger: string; payload: unknown };

/**
 * Events raised inside a transaction, held until it commits. A service creates one per
 * mutation, passes it down to every `...Within(em, ...)` helper, and calls publish() only after
 * `dataSource.transaction()` has returned: a rolled-back mutation publishes nothing.
 */
export class PendingEvents {
  private readonly events: Pending[] = [];

  add(trigger: typeof COMMITMENT_CHANGED, payload: CommitmentChangedPayload): void;
  add(trigger: typeof MEETING_OUTCOME_LOGGED, payload: MeetingOutcomeLoggedPayload): void;
  add(trigger: string, payload: unknown): void {
    this.events.push({ trigger, payload });
  }

  get size(): number {
    return this.events.length;
  }

  /**
   * Publishes every held event, in the order raised. One that fails to publish (Redis down)
   * does not stop the others: each failure goes to onError, or, without one, the first is
   * thrown once all were tried.
   */
  async publish(pubSub: PubSubEngine, onError?: (error: unknown, trigger: string) => void): Promise<void> {
    const events = this.events.splice(0);
    const failures: unknown[] = [];
    for (const event of events) {
      try {
        await pubSub.publish(event.trigger, event.payload);
      } catch (error) {
        if (onError) onError(error, event.trigger);
        else failures.push(error);
      }
    }
    if (failures.length) throw failures[0];
  }
}
