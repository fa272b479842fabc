// The dashboard page: one dialogue's topics, their progress over time, what is overdue, the
// meetings ahead and the latest words said, from the public GraphQL API only, kept live by
// the commitmentChanged subscription.
import { gql, liveConnection, saveToken, savedToken, takeTokenFromLocation } from './api.js';
import { StackedAreaChart } from './chart.js';
import {
  STATUSES,
  bucketLabel,
  buckets,
  daysBetween,
  dueLabel,
  duration,
  longDate,
  percent,
  pieces,
  score,
  statusLabel,
  today,
  truncate,
  when,
} from './format.js';

// ---------------------------------------------------------------------------------------------
// The GraphQL the page sends

const DIALOGUES = `{ dialogues { id title countries { code name } } }`;

const COMMITMENT_LINE = `id title status kind dueDate dueDatePrecision overdue
  topics { id title }
  parties { organization { name acronym } country { code name } }`;

const BOARD = `query Board($dialogue: ID!) {
  progress: topicProgress(dialogue: $dialogue) {
    topic { id slug title children { id title } }
    total byStatus { status count } fulfilledShare complianceScore overdue lastActivityAt
  }
  facets: commitmentFacets(filter: { dialogue: $dialogue }) { total byStatus { status count } }
  overdue: commitments(first: 8, filter: { dialogue: $dialogue, overdue: true }, orderBy: { field: DUE_DATE, direction: ASC }) {
    totalCount nodes { ${COMMITMENT_LINE} }
  }
  meetings(first: 6, filter: { dialogue: $dialogue, status: [PLANNED, POSTPONED] }, orderBy: { field: DATE, direction: ASC }) {
    totalCount
    nodes { id title kind status date location topics { id title } participants { participant { name } side { code } } }
  }
  firstBriefing: briefings(first: 1, filter: { dialogue: $dialogue }, orderBy: { field: DATE, direction: ASC }) { nodes { date } }
  briefings(first: 3, filter: { dialogue: $dialogue }, orderBy: { field: DATE, direction: DESC }) {
    totalCount
    nodes {
      id title date
      statements(first: 40, orderBy: { field: POSITION, direction: DESC }) {
        nodes {
          id kind text speakerLabel
          speaker { name post role organization { name acronym } }
          topics { id title }
          commitments { id title status sources { start end statement { id } } }
        }
      }
    }
  }
}`;

const COMMITMENT = `query Commitment($id: ID!) {
  commitment(id: $id) {
    ${COMMITMENT_LINE}
    text complianceScore createdAt
    parties { status organization { name acronym } country { code name } }
    history { id fromStatus toStatus validFrom actor note party { organization { name } country { name } } }
    meetings { id title date status }
    sources {
      id start end quote
      statement {
        id text speakerLabel
        speaker { name post organization { name } }
        briefing { id title date location sourceUrl }
      }
    }
  }
}`;

const CHANGED = `subscription { commitmentChanged { id fromStatus toStatus validFrom actor party { organization { acronym name } country { code } } } }`;
const OUTCOME_LOGGED = `subscription($dialogue: ID) { meetingOutcomeLogged(dialogue: $dialogue) { id meeting { title } } }`;

/** Every topic's topicTimeline, in one request: the chart's data. */
function timelineQuery(topicCount) {
  const vars = Array.from({ length: topicCount }, (_, i) => `$t${i}: ID!`).join(', ');
  const fields = Array.from(
    { length: topicCount },
    (_, i) => `t${i}: topicTimeline(topic: $t${i}, from: $from, to: $to, bucket: $bucket, dialogue: $dialogue) { asOf total byStatus { status count } }`,
  );
  return `query Timeline($dialogue: ID!, $from: Date!, $to: Date!, $bucket: TimelineBucket!, ${vars}) {\n  ${fields.join('\n  ')}\n}`;
}

/** The same figures from topicProgress(asOf) at each period's end, for a server without topicTimeline. */
function progressAsOfQuery(ends) {
  const vars = ends.map((_, i) => `$d${i}: Date!`).join(', ');
  const fields = ends.map((_, i) => `p${i}: topicProgress(dialogue: $dialogue, asOf: $d${i}) { topic { id } total byStatus { status count } }`);
  return `query TimelineAsOf($dialogue: ID!, ${vars}) {\n  ${fields.join('\n  ')}\n}`;
}

// ---------------------------------------------------------------------------------------------
// DOM helpers (no innerHTML: every text goes in as text)

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'style') Object.assign(el.style, v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const $ = (selector) => document.querySelector(selector);

const statusPill = (status) => h('span', { class: `pill s-${status}`, dataset: { status } }, statusLabel(status));

function partyNames(parties) {
  return parties.map((p) => p.organization?.acronym || p.organization?.name || p.country?.name).filter(Boolean);
}

function empty(text) {
  return h('p', { class: 'empty' }, text);
}

// ---------------------------------------------------------------------------------------------
// State

const state = {
  dialogues: [],
  dialogueId: null,
  board: null,
  timeline: null,
  topicId: null,
  refreshes: 0,
  previous: new Map(),
};
let chart;

function setStatus(name) {
  document.body.dataset.state = name;
}

// ---------------------------------------------------------------------------------------------
// Rendering

function renderHeader() {
  const select = $('#dialogue');
  select.replaceChildren(...state.dialogues.map((d) => h('option', { value: d.id, selected: d.id === state.dialogueId }, d.title)));
  const dialogue = state.dialogues.find((d) => d.id === state.dialogueId);
  $('#countries').replaceChildren(
    ...(dialogue?.countries ?? []).map((c) => h('span', { class: 'country' }, h('b', {}, c.code), ' ', c.name)),
  );
}

function kpi(label, value, note, cls = '') {
  return h('div', { class: `kpi ${cls}` }, h('span', { class: 'kpi-label' }, label), h('b', { class: 'kpi-value' }, value), h('span', { class: 'kpi-note' }, note));
}

function statusBar(byStatus, total, label) {
  const counts = new Map(byStatus.map((s) => [s.status, s.count]));
  const bar = h('div', { class: 'bar', role: 'img', 'aria-label': label });
  if (total === 0) bar.classList.add('bar-empty');
  for (const status of STATUSES) {
    const count = counts.get(status) ?? 0;
    if (!count) continue;
    bar.append(
      h('span', {
        class: `seg s-${status}`,
        dataset: { status, count },
        title: `${statusLabel(status)}: ${count} of ${total} (${percent(count / total)})`,
        style: { flexGrow: String(count) },
      }),
    );
  }
  return bar;
}

function statusChips(byStatus) {
  const counts = new Map(byStatus.map((s) => [s.status, s.count]));
  return h(
    'div',
    { class: 'chips' },
    STATUSES.filter((s) => counts.get(s)).map((status) =>
      h('span', { class: 'chip', dataset: { status } }, h('i', { class: `dot s-${status}` }), h('b', { class: 'count' }, counts.get(status)), ' ', statusLabel(status)),
    ),
  );
}

function renderKpis() {
  const b = state.board;
  const { total, byStatus } = b.facets;
  const count = (status) => byStatus.find((s) => s.status === status)?.count ?? 0;
  const fulfilled = count('FULFILLED');
  const underway = count('IN_PROGRESS') + count('PARTIALLY_FULFILLED');
  const overdue = b.overdue.totalCount;
  $('#kpis').replaceChildren(
    h(
      'div',
      { class: 'kpi kpi-wide' },
      h('span', { class: 'kpi-label' }, 'All commitments'),
      h('div', { class: 'kpi-row' }, h('b', { class: 'kpi-value', id: 'kpi-total' }, total), statusBar(byStatus, total, 'All commitments by status')),
      statusChips(byStatus),
    ),
    kpi('Fulfilled', fulfilled, total ? `${percent(fulfilled / total)} of all` : 'nothing recorded yet', fulfilled ? 'good' : ''),
    kpi('Under way', underway, 'in progress or partly done'),
    kpi('Overdue', overdue, overdue ? 'past their due date' : 'nothing late', overdue ? 'bad' : ''),
    kpi('Meetings ahead', b.meetings.totalCount, 'planned or postponed'),
  );
}

function renderTopics() {
  const rows = state.board.progress;
  const list = $('#topics');
  if (!rows.length) {
    list.replaceChildren(empty('No topics yet: create one with the createTopic mutation.'));
    return;
  }
  list.replaceChildren(
    ...rows.map((row) => {
      const t = row.topic;
      const key = JSON.stringify([row.total, row.byStatus, row.overdue]);
      const changed = state.previous.has(t.id) && state.previous.get(t.id) !== key;
      state.previous.set(t.id, key);
      const subtopics = t.children.map((c) => c.title);
      const el = h(
        'div',
        {
          class: `topic${t.id === state.topicId ? ' selected' : ''}${changed ? ' flash' : ''}`,
          dataset: { topicId: t.id, slug: t.slug },
        },
        h(
          'div',
          { class: 'topic-name' },
          h('button', { class: 'topic-title', type: 'button', title: 'Show this topic in the chart', onclick: () => selectTopic(t.id) }, t.title),
          h(
            'span',
            { class: 'topic-sub' },
            h('b', { 'data-field': 'total' }, row.total),
            row.total === 1 ? ' commitment' : ' commitments',
            subtopics.length ? ` · incl. ${subtopics.join(', ')}` : '',
          ),
        ),
        h('div', { class: 'topic-progress' }, statusBar(row.byStatus, row.total, `${t.title}: commitments by status`), row.total ? statusChips(row.byStatus) : h('div', { class: 'chips muted' }, 'No commitments yet')),
        metric('fulfilledShare', percent(row.fulfilledShare), 'fulfilled', row.fulfilledShare > 0 ? 'good' : ''),
        metric('complianceScore', score(row.complianceScore), 'compliance', row.complianceScore > 0 ? 'good' : row.complianceScore < 0 ? 'bad' : ''),
        metric('overdue', row.overdue, 'overdue', row.overdue ? 'bad' : ''),
        metric('lastActivityAt', when(row.lastActivityAt), 'last activity', 'quiet'),
      );
      return el;
    }),
  );
}

function metric(field, value, label, cls = '') {
  return h('div', { class: `metric ${cls}` }, h('b', { 'data-field': field }, value), h('small', {}, label));
}

function renderChart() {
  const rows = state.board.progress;
  const tabs = $('#chart-tabs');
  tabs.replaceChildren(
    ...rows.map((row) =>
      h('button', { type: 'button', class: `tab${row.topic.id === state.topicId ? ' active' : ''}`, dataset: { topicId: row.topic.id }, onclick: () => selectTopic(row.topic.id) }, row.topic.title),
    ),
  );
  const tl = state.timeline;
  const box = $('#chart');
  if (!tl || !state.topicId) {
    dropChart();
    box.replaceChildren(empty(rows.length ? 'Loading…' : 'No topics to chart.'));
    return;
  }
  const points = tl.byTopic.get(state.topicId) ?? [];
  const series = STATUSES.map((status) => ({
    key: status,
    label: statusLabel(status),
    color: getComputedStyle(document.documentElement).getPropertyValue(`--s-${status}`).trim(),
    values: points.map((p) => p?.byStatus.find((s) => s.status === status)?.count ?? 0),
  }));
  $('#chart-range').textContent = `${longDate(tl.from)} – ${longDate(tl.ends[tl.ends.length - 1])} · by ${tl.size.toLowerCase()}`;
  if (!points.some((p) => p?.total)) {
    dropChart();
    $('#chart-legend').replaceChildren();
    $('#chart-data').replaceChildren();
    box.replaceChildren(empty('No commitments under this topic yet.'));
    return;
  }
  chart ??= new StackedAreaChart(box);
  const labels = tl.ends.map((d) => bucketLabel(d, tl.size));
  chart.update({ labels, series: [...series].reverse() });
  renderChartTable(labels, series, points);
  $('#chart-legend').replaceChildren(
    ...series.filter((s) => s.values.some((v) => v > 0)).map((s) => h('span', { class: 'chip' }, h('i', { class: `dot s-${s.key}` }), s.label)),
  );
}

/** The chart's figures as a table, for screen readers (and for checking them). */
function renderChartTable(labels, series, points) {
  const topic = state.board.progress.find((r) => r.topic.id === state.topicId)?.topic.title ?? '';
  $('#chart-data').replaceChildren(
    h('caption', {}, `${topic}: commitments by status at the end of each period`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Period'), series.map((s) => h('th', { scope: 'col', dataset: { status: s.key } }, s.label)), h('th', { scope: 'col' }, 'Total'))),
    h(
      'tbody',
      {},
      labels.map((label, i) =>
        h(
          'tr',
          { dataset: { asOf: state.timeline.ends[i] } },
          h('th', { scope: 'row' }, label),
          series.map((s) => h('td', { dataset: { status: s.key } }, s.values[i])),
          h('td', { dataset: { field: 'total' } }, points[i]?.total ?? 0),
        ),
      ),
    ),
  );
}

function dropChart() {
  chart?.observer.disconnect();
  chart = null;
}

function commitmentItem(c) {
  const late = c.dueDate ? daysBetween(c.dueDate, today()) : 0;
  return h(
    'li',
    { class: 'item', dataset: { commitmentId: c.id } },
    h('a', { class: 'item-title', href: `#commitment-${c.id}` }, c.title),
    h(
      'div',
      { class: 'item-meta' },
      statusPill(c.status),
      h('span', {}, `due ${dueLabel(c.dueDate, c.dueDatePrecision)}`),
      late > 0 ? h('span', { class: 'late' }, `${duration(late)} late`) : null,
      partyNames(c.parties).length ? h('span', {}, partyNames(c.parties).join(', ')) : null,
      ...c.topics.map((t) => h('span', { class: 'tag' }, t.title)),
    ),
  );
}

function renderOverdue() {
  const { overdue } = state.board;
  $('#overdue-count').textContent = String(overdue.totalCount);
  $('#overdue-count').classList.toggle('bad', overdue.totalCount > 0);
  $('#overdue').replaceChildren(
    ...[
      overdue.nodes.length ? h('ul', { class: 'items' }, overdue.nodes.map(commitmentItem)) : empty('Nothing is overdue.'),
      overdue.totalCount > overdue.nodes.length ? h('p', { class: 'more' }, `and ${overdue.totalCount - overdue.nodes.length} more`) : null,
    ].filter(Boolean),
  );
}

const MEETING_KINDS = { PHONE_CALL: 'Phone call', VIDEO_CALL: 'Video call', IN_PERSON: 'In person', VISIT: 'Visit', OTHER: 'Meeting' };

function renderMeetings() {
  const { meetings } = state.board;
  const now = today();
  $('#meetings-count').textContent = String(meetings.totalCount);
  const items = meetings.nodes.map((m) => {
    const sides = new Map();
    for (const p of m.participants) {
      const side = p.side?.code ?? '—';
      sides.set(side, [...(sides.get(side) ?? []), p.participant.name]);
    }
    const date = m.date ? m.date.split('-') : null;
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    return h(
      'li',
      { class: 'meeting', dataset: { meetingId: m.id } },
      h(
        'div',
        { class: `when${date ? '' : ' tbd'}${m.date && m.date < now ? ' past' : ''}`, title: longDate(m.date) },
        date ? [h('b', {}, Number(date[2])), h('span', {}, `${months[Number(date[1]) - 1]} ${date[0]}`)] : [h('b', {}, 'TBD'), h('span', {}, 'date')],
      ),
      h(
        'div',
        { class: 'meeting-body' },
        h('div', { class: 'item-title' }, m.title),
        h(
          'div',
          { class: 'item-meta' },
          m.status !== 'PLANNED' ? statusPill(m.status) : null,
          h('span', {}, MEETING_KINDS[m.kind] ?? m.kind),
          m.location ? h('span', {}, m.location) : null,
          ...[...sides].map(([side, names]) => h('span', { class: 'side' }, h('b', {}, side), ' ', names.join(', '))),
        ),
      ),
    );
  });
  $('#meetings').replaceChildren(items.length ? h('ul', { class: 'items' }, items) : empty('No meetings planned.'));
}

/** What the latest statements show: what officials said, and any words that made a commitment. */
const SUBSTANTIVE = new Set(['REMARK', 'ANSWER']);
const HOSTS = new Set(['MODERATOR', 'OPERATOR', 'JOURNALIST']);

function renderStatements() {
  const said = [];
  for (const briefing of state.board.briefings.nodes) {
    for (const s of briefing.statements.nodes) {
      if (s.commitments.length || (SUBSTANTIVE.has(s.kind) && !HOSTS.has(s.speaker?.role))) said.push({ ...s, briefing });
    }
  }
  const latest = said.slice(0, 5);
  $('#statements').replaceChildren(
    latest.length
      ? h(
          'ul',
          { class: 'statements' },
          latest.map((s) => {
            const spans = s.commitments.flatMap((c) => c.sources.filter((src) => src.statement.id === s.id).map((src) => ({ start: src.start, end: src.end, id: c.id })));
            const who = s.speaker?.name ?? s.speakerLabel ?? 'Unknown speaker';
            const org = s.speaker?.organization?.acronym || s.speaker?.organization?.name;
            return h(
              'li',
              { class: 'statement', dataset: { statementId: s.id } },
              h(
                'div',
                { class: 'statement-head' },
                h('span', { class: 'avatar' }, initials(who)),
                h('div', {}, h('b', {}, who), h('span', { class: 'muted' }, [s.speaker?.post, org].filter(Boolean).join(', ') || ' ')),
                h('span', { class: 'statement-date muted', title: s.briefing.title }, longDate(s.briefing.date, '')),
              ),
              h(
                'blockquote',
                {},
                pieces(s.text, spans).map((p) =>
                  p.id ? h('a', { class: 'said', href: `#commitment-${p.id}`, title: 'A commitment: open its record' }, p.text) : p.text,
                ),
              ),
              h(
                'div',
                { class: 'item-meta' },
                s.commitments.map((c) => h('a', { class: 'commitment-link', href: `#commitment-${c.id}` }, statusPill(c.status), ' ', truncate(c.title, 60))),
                s.topics.map((t) => h('span', { class: 'tag' }, t.title)),
              ),
            );
          }),
        )
      : empty('No statements recorded for this dialogue yet.'),
  );
}

function initials(name) {
  const words = name.replace(/[^\p{L}\s]/gu, ' ').split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words.length > 1 ? words[words.length - 1][0] : '')).toUpperCase();
}

// ---------------------------------------------------------------------------------------------
// The drawer: one commitment and the words behind it (#commitment-<id>)

async function openDrawer() {
  const match = /^#commitment-(\d+)$/.exec(location.hash);
  const drawer = $('#drawer');
  if (!match) {
    drawer.hidden = true;
    document.body.classList.remove('drawer-open');
    return;
  }
  drawer.hidden = false;
  document.body.classList.add('drawer-open');
  const body = $('#drawer-body');
  body.replaceChildren(empty('Loading…'));
  let c;
  try {
    ({ commitment: c } = await gql(COMMITMENT, { id: match[1] }));
  } catch (error) {
    body.replaceChildren(empty(`Could not load: ${error.message}`));
    return;
  }
  if (!c) {
    body.replaceChildren(empty('No commitment has that id.'));
    return;
  }
  const due = c.dueDate ? `due ${dueLabel(c.dueDate, c.dueDatePrecision)}` : 'no due date';
  const partyName = (p) => p.organization?.name ?? p.country?.name;
  const content = h(
    'div',
    {},
    h('div', { class: 'item-meta' }, statusPill(c.status), h('span', {}, c.kind.toLowerCase()), h('span', {}, due), c.overdue ? h('span', { class: 'late' }, 'overdue') : null),
    h('h3', { id: 'drawer-title' }, c.title),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Parties'),
      h('dd', {}, c.parties.length ? c.parties.map((p) => h('span', { class: 'party' }, partyName(p), ' ', statusPill(p.status))) : 'none named'),
      h('dt', {}, 'Topics'),
      h('dd', {}, c.topics.length ? c.topics.map((t) => h('span', { class: 'tag' }, t.title)) : 'none'),
      h('dt', {}, 'Compliance'),
      h('dd', {}, score(c.complianceScore)),
    ),
    h('h4', {}, 'The words behind it'),
    c.sources.length
      ? c.sources.map((src) => {
          const s = src.statement;
          const b = s.briefing;
          return h(
            'figure',
            { class: 'source', dataset: { statementId: s.id } },
            h('blockquote', {}, pieces(s.text, [{ start: src.start, end: src.end, id: src.id }]).map((p) => (p.id ? h('mark', {}, p.text) : p.text))),
            h(
              'figcaption',
              {},
              h('b', {}, s.speaker?.name ?? s.speakerLabel ?? 'Unknown speaker'),
              s.speaker?.post ? `, ${s.speaker.post}` : '',
              h('br'),
              b.sourceUrl ? h('a', { href: b.sourceUrl, target: '_blank', rel: 'noopener noreferrer' }, b.title) : b.title,
              ` · ${longDate(b.date, 'undated')}${b.location ? ` · ${b.location}` : ''}`,
            ),
          );
        })
      : empty('No source recorded.'),
    h('h4', {}, 'History'),
    h(
      'ol',
      { class: 'history' },
      c.history.map((e) =>
        h(
          'li',
          { class: e.party ? 'party-event' : null },
          h('span', { class: 'muted' }, longDate(e.validFrom)),
          ' ',
          e.party ? h('b', { class: 'party-name' }, partyName(e.party)) : null,
          e.fromStatus ? [statusPill(e.fromStatus), ' → '] : null,
          statusPill(e.toStatus),
          h('span', { class: 'muted' }, ` by ${e.actor}`),
          e.note && !e.party ? h('p', {}, e.note) : null,
        ),
      ),
    ),
    c.meetings.length ? [h('h4', {}, 'Meetings'), h('ul', { class: 'plain' }, c.meetings.map((m) => h('li', {}, `${m.title} · ${longDate(m.date)}`)))] : null,
  );
  body.replaceChildren(content);
}

// ---------------------------------------------------------------------------------------------
// Loading

function selectTopic(id) {
  state.topicId = id;
  renderTopics();
  renderChart();
}

/**
 * Each topic's counts by status at the end of every month (every quarter past 40 months) from
 * the dialogue's first briefing to today: topicTimeline, one request for all topics; or, from a
 * server that lacks it, topicProgress(asOf) at each period's end.
 */
async function loadTimeline() {
  const from = state.board.firstBriefing.nodes[0]?.date ?? shiftYear(today(), -1);
  const to = today();
  const topicIds = state.board.progress.map((r) => r.topic.id);
  if (state.timelineApi !== false && topicIds.length) {
    const size = buckets(from, to).size === 'MONTH' ? 'MONTH' : 'QUARTER';
    const variables = { dialogue: state.dialogueId, from, to, bucket: size };
    topicIds.forEach((id, i) => (variables[`t${i}`] = id));
    try {
      const data = await gql(timelineQuery(topicIds.length), variables);
      const ends = data.t0.map((p) => p.asOf);
      state.timeline = { from, size, ends, byTopic: new Map(topicIds.map((id, i) => [id, data[`t${i}`]])) };
      return;
    } catch (error) {
      if (!error.errors?.some((e) => /topicTimeline|TimelineBucket/.test(e.message))) throw error;
      state.timelineApi = false;
    }
  }
  const { size, ends } = buckets(from, to);
  const variables = { dialogue: state.dialogueId };
  ends.forEach((d, i) => (variables[`d${i}`] = d));
  const data = await gql(progressAsOfQuery(ends), variables);
  const points = ends.map((_, i) => data[`p${i}`]);
  state.timeline = { from, size, ends, byTopic: new Map(topicIds.map((id) => [id, points.map((p) => p.find((r) => r.topic.id === id))])) };
}

function shiftYear(iso, years) {
  return `${Number(iso.slice(0, 4)) + years}${iso.slice(4)}`;
}

let loading = null;
let again = false;

/** Reloads every panel; a call while a load runs makes one more load after it. */
async function refresh() {
  if (loading) {
    again = true;
    return loading;
  }
  loading = (async () => {
    do {
      again = false;
      state.board = await gql(BOARD, { dialogue: state.dialogueId });
      if (!state.board.progress.some((r) => r.topic.id === state.topicId)) state.topicId = state.board.progress[0]?.topic.id ?? null;
      await loadTimeline();
      renderKpis();
      renderTopics();
      renderChart();
      renderOverdue();
      renderMeetings();
      renderStatements();
      state.refreshes += 1;
      document.body.dataset.refreshes = String(state.refreshes);
      $('#updated').textContent = `Updated ${new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`;
    } while (again);
  })();
  try {
    await loading;
    setStatus('ready');
  } catch (error) {
    setStatus('error');
    toast(`Could not load the dashboard: ${error.message}`, 'error');
  } finally {
    loading = null;
  }
}

let timer;
/** Events heard since the last refresh: one change of a commitment with parties arrives as several. */
let heard = [];

function refreshSoon() {
  clearTimeout(timer);
  timer = setTimeout(() => {
    announce(heard);
    heard = [];
    void refresh();
    if (!$('#drawer').hidden) void openDrawer();
  }, 150);
}

/** One notice per change: the commitment's own events, else its parties' (named). */
function announce(events) {
  const overall = events.filter((e) => !e.party);
  const shown = overall.length ? overall : events;
  for (const e of shown.slice(-3)) {
    const who = e.party ? `${e.party.organization?.acronym || e.party.organization?.name || e.party.country?.code}: ` : '';
    toast(`${who}${e.fromStatus ? `${statusLabel(e.fromStatus)} → ` : ''}${statusLabel(e.toStatus)} · by ${e.actor}`);
  }
}

function toast(text, cls = '') {
  const el = h('div', { class: `toast ${cls}`, role: 'status' }, text);
  $('#toasts').append(el);
  setTimeout(() => el.classList.add('out'), 5000);
  setTimeout(() => el.remove(), 5600);
}

let stopOutcomes = () => {};

/**
 * No token, or one the API refuses: ask for one (any role reads; an ANALYST token is enough).
 * It is kept in this browser's local storage, never in the page's address.
 */
function askForToken(refused) {
  setStatus('token');
  const input = h('input', { id: 'token-input', type: 'password', autocomplete: 'off', spellcheck: 'false', placeholder: 'bt_…', 'aria-label': 'API token' });
  const form = h(
    'form',
    { id: 'token-form', class: 'card token-form' },
    h('h2', {}, 'API token'),
    h('p', {}, refused ? 'The API refused the saved token (revoked, expired or mistyped). Paste another.' : 'The API needs a token to read. Paste one (an ANALYST token is enough):'),
    input,
    h('button', { type: 'submit' }, 'Open the dashboard'),
    h('p', { class: 'hint' }, 'Make one with: npm run cli -- token create --role analyst --name "dashboard"'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!input.value.trim()) return;
    saveToken(input.value);
    location.reload();
  });
  $('main').replaceChildren(form);
  input.focus();
}

async function start() {
  setStatus('loading');
  takeTokenFromLocation();
  if (!savedToken()) return askForToken(false);
  try {
    ({ dialogues: state.dialogues } = await gql(DIALOGUES));
  } catch (error) {
    if (error.unauthenticated) return askForToken(true);
    setStatus('error');
    toast(`Could not reach the API: ${error.message}`, 'error');
    return;
  }
  const wanted = new URLSearchParams(location.search).get('dialogue');
  state.dialogueId = state.dialogues.find((d) => d.id === wanted)?.id ?? state.dialogues[0]?.id ?? null;
  renderHeader();
  if (!state.dialogueId) {
    setStatus('ready');
    $('main').replaceChildren(empty('No dialogue recorded yet.'));
    return;
  }
  $('#dialogue').addEventListener('change', (event) => {
    state.dialogueId = event.target.value;
    state.previous.clear();
    const url = new URL(location.href);
    url.searchParams.set('dialogue', state.dialogueId);
    history.replaceState(null, '', url);
    renderHeader();
    subscribeOutcomes();
    void refresh();
  });
  $('#drawer-close').addEventListener('click', () => closeDrawer());
  $('#drawer-backdrop').addEventListener('click', () => closeDrawer());
  document.addEventListener('keydown', (event) => event.key === 'Escape' && closeDrawer());
  window.addEventListener('hashchange', () => void openDrawer());

  await refresh();
  void openDrawer();

  let connections = 0;
  const live = liveConnection((s) => {
    $('#live').dataset.state = s;
    $('#live-text').textContent = { connecting: 'Connecting', live: 'Live', offline: 'Reconnecting' }[s];
    if (s === 'live' && ++connections > 1) refreshSoon(); // back after a drop: catch up on what was missed
  });
  live.subscribe(CHANGED, {}, ({ commitmentChanged: e }) => {
    heard.push(e);
    refreshSoon();
  });
  state.live = live;
  subscribeOutcomes();
}

function subscribeOutcomes() {
  stopOutcomes();
  stopOutcomes = state.live
    ? state.live.subscribe(OUTCOME_LOGGED, { dialogue: state.dialogueId }, ({ meetingOutcomeLogged: o }) => {
        toast(`Outcome logged: ${o.meeting.title}`);
        refreshSoon();
      })
    : () => {};
}

function closeDrawer() {
  if (!location.hash) return;
  history.replaceState(null, '', location.pathname + location.search);
  void openDrawer();
}

void start();
