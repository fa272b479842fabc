/**
 * The three read operations of the HTTP benchmark (issue 7), defined once: the harness sends
 * these exact request bodies to the GraphQL API and to the raw baseline (bench/raw-baseline),
 * which recognises each by its query text and must answer with the very same bytes.
 *
 * - commitmentsPage: a dashboard list, 50 commitments of a topic (subtopics included) that are
 *   still open, by due date, each with its topics, its source quotes and who spoke them.
 * - topicProgress: one topic's progress (its subtopics included), as on a topic page.
 * - searchStatements: a page of statement search results, with highlighted snippets.
 */

export const COMMITMENTS_PAGE = `query BenchCommitmentsPage($topic: ID!, $status: [CommitmentStatus!], $first: Int = 50, $after: String) {
  commitments(first: $first, after: $after, filter: { topic: $topic, status: $status }, orderBy: { field: DUE_DATE, direction: ASC }) {
    nodes { id title status dueDate topics { slug } sources { quote statement { speaker { name } } } }
    pageInfo { endCursor hasNextPage }
  }
}`;

export const TOPIC_PROGRESS = `query BenchTopicProgress($id: ID!) {
  topic(id: $id) {
    id slug title
    progress { total byStatus { status count } fulfilledShare complianceScore overdue lastActivityAt }
  }
}`;

export const SEARCH_STATEMENTS = `query BenchSearchStatements($text: String!, $after: String) {
  search(text: $text, types: [STATEMENT], first: 20, after: $after) {
    nodes { id rank snippet briefing { id date } speaker { name } }
    pageInfo { endCursor hasNextPage }
  }
}`;

export type OperationName = 'commitmentsPage' | 'topicProgress' | 'searchStatements';

export interface Operation {
  name: OperationName;
  /** The POST /graphql body, exactly as sent to both servers. */
  body: string;
}

export interface OperationInputs {
  /** The topic of the commitments page and of the progress (the first root topic by default). */
  topicId: number | string;
  /** Words to search statements for. */
  searchText?: string;
  /** Statuses of the commitments page. */
  statuses?: string[];
}

export const DEFAULT_SEARCH = 'fentanyl cooperation';
export const DEFAULT_STATUSES = ['ANNOUNCED', 'IN_PROGRESS', 'STALLED'];

const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

/** The three requests of a run, for a given topic and search text. */
export function operations(inputs: OperationInputs): Operation[] {
  const topic = String(inputs.topicId);
  return [
    { name: 'commitmentsPage', body: body(COMMITMENTS_PAGE, { topic, status: inputs.statuses ?? DEFAULT_STATUSES }) },
    { name: 'topicProgress', body: body(TOPIC_PROGRESS, { id: topic }) },
    { name: 'searchStatements', body: body(SEARCH_STATEMENTS, { text: inputs.searchText ?? DEFAULT_SEARCH }) },
  ];
}
