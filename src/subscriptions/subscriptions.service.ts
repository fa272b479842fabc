import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-errors';
import { parseId } from '../common/ids';
import { CommitmentEvent } from '../commitments/commitment.entity';
import { DialoguesService } from '../dialogues/dialogues.service';
import { COMMITMENT_CHANGED, CommitmentChangedPayload, MEETING_OUTCOME_LOGGED, MeetingOutcomeLoggedPayload } from '../events/domain-events';
import { EventsService } from '../events/events.service';
import { MeetingOutcome } from '../meetings/meeting.entity';
import { Topic } from '../topics/topic.entity';

/**
 * One read per event, whoever asks: every subscriber of a trigger is handed the same payload
 * object (EventsService's fan-out), so the row it names is read once and shared, not once per
 * subscriber.
 */
function oncePerPayload<P extends object, T>(read: (payload: P) => Promise<T | null>): (payload: P) => Promise<T | null> {
  const reads = new WeakMap<P, Promise<T | null>>();
  return (payload) => {
    let row = reads.get(payload);
    if (!row) reads.set(payload, (row = read(payload)));
    return row;
  };
}

/**
 * The live feeds: the bus's payloads (ids, published after commit) filtered for one
 * subscriber and turned into the rows they name, read after the commit that raised them.
 * The filter is a set lookup per subscriber; the read is shared by all of them.
 */
@Injectable()
export class SubscriptionsService {
  private readonly commitmentEvent = oncePerPayload((payload: CommitmentChangedPayload) =>
    this.dataSource.getRepository(CommitmentEvent).findOneBy({ id: payload.eventId }),
  );
  private readonly meetingOutcome = oncePerPayload((payload: MeetingOutcomeLoggedPayload) =>
    this.dataSource.getRepository(MeetingOutcome).findOneBy({ id: payload.outcomeId }),
  );

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventsService,
    private readonly dialogues: DialoguesService,
  ) {}

  /**
   * Every CommitmentEvent recorded from now on; with a topic, only those of commitments tagged
   * with it or one of its subtopics. An unknown topic is NOT_FOUND (rather than a feed that
   * never speaks).
   */
  async commitmentChanges(rawTopic: string | null | undefined): Promise<AsyncIterableIterator<CommitmentEvent>> {
    const topics = rawTopic == null ? null : await this.subtree(rawTopic, 'topic');
    return this.events.stream<CommitmentChangedPayload, CommitmentEvent>(COMMITMENT_CHANGED, (payload) => {
      // The payload lists the commitment's topics with their ancestors; the subtree taken
      // here also covers a payload that lists only the topics themselves.
      if (topics && !payload.topicIds.some((id) => topics.has(id))) return null;
      return this.commitmentEvent(payload);
    });
  }

  /** Every meeting outcome logged from now on; with a dialogue, only that dialogue's meetings'. */
  async meetingOutcomes(rawDialogue: string | null | undefined): Promise<AsyncIterableIterator<MeetingOutcome>> {
    const dialogueId = await this.dialogues.requireId(this.dataSource.manager, rawDialogue, 'dialogue');
    return this.events.stream<MeetingOutcomeLoggedPayload, MeetingOutcome>(MEETING_OUTCOME_LOGGED, (payload) => {
      if (dialogueId !== null && payload.dialogueId !== dialogueId) return null;
      return this.meetingOutcome(payload);
    });
  }

  /** A topic's id with those of all its subtopics (the taxonomy is small: read it whole). */
  private async subtree(raw: string, path: string): Promise<Set<number>> {
    const root = parseId(raw, path);
    const topics = await this.dataSource.getRepository(Topic).find({ select: { id: true, parentId: true } });
    if (!topics.some((t) => t.id === root)) throw new NotFoundError('Topic', raw, path);
    const ids = new Set([root]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of topics) {
        if (t.parentId !== null && ids.has(t.parentId) && !ids.has(t.id)) {
          ids.add(t.id);
          grew = true;
        }
      }
    }
    return ids;
  }
}
