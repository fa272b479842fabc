import { Briefing } from '../../src/briefings/briefing.entity';
import { CommitmentKind } from '../../src/commitments/commitment.enums';
import { CommitmentWritesService } from '../../src/commitments/commitment-writes.service';
import { Participant, ParticipantRole } from '../../src/participants/participant.entity';
import { Statement, StatementKind } from '../../src/statements/statement.entity';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';

const COMMITMENTS = 120;
const QUERY = `query($first: Int) { commitments(first: $first) { nodes { id topics { slug } sources { quote statement { text speaker { name } } } } } }`;

/**
 * A nested list query costs the same number of SQL statements whatever its page size:
 * every field below `commitments` is batched per request (DataLoaders), never a query per row.
 */
describe('SQL statements per nested list query (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const now = new Date();
    const speakers = await t.dataSource.getRepository(Participant).save(
      ['Senior Administration Official One', 'Senior Administration Official Two', 'Moderator'].map((name) => ({
        name,
        role: ParticipantRole.OFFICIAL,
        anonymous: true,
        aliases: [],
        honorific: null,
        post: null,
        organizationId: null,
        countryCode: 'US',
        attribution: null,
        createdAt: now,
        updatedAt: now,
      })),
    );
    const statements: Statement[] = [];
    for (const [b, date] of ['2017-02-21', '2017-03-09'].entries()) {
      const texts = Array.from({ length: 12 }, (_, i) => `Briefing ${b} paragraph ${i}: we will review border security and report back to the President by ${i + 1} May.`);
      const briefing = await t.dataSource.getRepository(Briefing).save({
        title: `Briefing ${b}`,
        kind: null,
        date,
        location: null,
        medium: null,
        sourceUrl: null,
        startTime: null,
        endTime: null,
        text: texts.join('\n\n'),
        textSha256: String(b).repeat(64),
        dialogueId: null,
        createdBy: 'seed',
        createdAt: now,
      });
      statements.push(
        ...(await t.dataSource.getRepository(Statement).save(
          texts.map((text, i) => ({
            briefingId: briefing.id,
            speakerId: speakers[i % speakers.length].id,
            speakerLabel: null,
            turnIndex: i,
            paragraphIndex: 0,
            kind: StatementKind.REMARK,
            text,
            textStart: null,
            textEnd: null,
          })),
        )),
      );
    }
    const topicIds: string[] = ok(await t.gql('{ topics { id } }')).topics.map((x: { id: string }) => x.id);
    const service = t.app.get(CommitmentWritesService);
    for (let i = 0; i < COMMITMENTS; i++) {
      const first = statements[i % statements.length];
      const second = statements[(i * 7 + 3) % statements.length];
      const quote = (s: Statement) => ({ statementId: String(s.id), start: s.text.indexOf('we will'), end: s.text.indexOf(' and report') });
      await service.create(
        {
          title: `Commitment ${i}`,
          text: 'We will review border security.',
          kind: CommitmentKind.ACTION,
          topicIds: [topicIds[i % topicIds.length], topicIds[(i + 1) % topicIds.length]],
          sources: i % 2 ? [quote(first), quote(second)] : [quote(first)],
        },
        'seed',
      );
    }
  });
  afterAll(async () => t.close());

  it('runs the same number of statements for 10 and for 100 commitments', async () => {
    const statementsFor = async (first: number) => {
      t.sql.reset();
      const { commitments } = ok(await t.gql(QUERY, { first }));
      const count = t.sql.count;
      expect(commitments.nodes).toHaveLength(first);
      for (const node of commitments.nodes) {
        expect(node.topics).toHaveLength(2);
        expect(node.sources.length).toBeGreaterThanOrEqual(1);
        for (const source of node.sources) {
          expect(source.quote).toBe('we will review border security');
          expect(source.statement.text).toContain(source.quote);
          expect(source.statement.speaker.name).toMatch(/^(Senior Administration Official (One|Two)|Moderator)$/);
        }
      }
      return count;
    };
    const ten = await statementsFor(10);
    const fifty = await statementsFor(50);
    const hundred = await statementsFor(100);
    console.log(`SQL statements for commitments(first: 10 / 50 / 100): ${ten} / ${fifty} / ${hundred}`);
    expect([fifty, hundred]).toEqual([ten, ten]);
    // At most 1 + the relation fields below the list (topics, sources, statement, speaker):
    // commitments, topics with their links, spans, statements, speakers.
    expect(ten).toBeLessThanOrEqual(1 + 4);
  });

  it('reads a page of statements with speaker, briefing and topics in 1 + 3 statements, whatever the page size', async () => {
    const counts: number[] = [];
    for (const first of [10, 20]) {
      t.sql.reset();
      const { statements } = ok(await t.gql(`query($first: Int) { statements(first: $first) { nodes { id speaker { name } briefing { title } topics { slug } } } }`, { first }));
      counts.push(t.sql.count);
      expect(statements.nodes).toHaveLength(first);
    }
    expect(counts[1]).toBe(counts[0]);
    expect(counts[0]).toBeLessThanOrEqual(1 + 3);
  });

  it('computes topicProgress in one statement', async () => {
    t.sql.reset();
    const { topicProgress } = ok(await t.gql(`{ topicProgress(dialogue: "1") { topic { slug } total byStatus { status count } fulfilledShare complianceScore overdue lastActivityAt } }`));
    const count = t.sql.count;
    console.log(`SQL statements for topicProgress: ${count}`);
    expect(topicProgress.length).toBeGreaterThanOrEqual(5);
    // The figures and each row's topic come from the one statement.
    expect(count).toBe(1);
  });
});
