import type { ParsedPerson } from './ingest.types';
import { extractMentions, namesCompatible, parseName, resolvePeople, type Source } from './mentions';

function people(texts: string[], ctx = { home: 'US', counterpart: 'MX' }, speakers: ParsedPerson[] = []) {
  const sources: Source[] = texts.map((text, id) => ({ id, text }));
  const mentions = sources.flatMap((s) => extractMentions(s));
  return resolvePeople(sources, mentions, speakers, ctx);
}

const byName = (ps: ParsedPerson[], surname: string) => ps.filter((p) => p.surname === surname);

describe('extractMentions', () => {
  it('reads post, rank and name, with a country word before the post', () => {
    const ms = extractMentions({ id: 0, text: 'They will meet Secretary of National Defense General Cienfuegos and the Mexican Secretary of Government Osorio.' });
    expect(ms.map((m) => [m.post?.canonical, m.honorific, m.nameTokens.join(' '), m.countryHint])).toEqual([
      ['Secretary of National Defense', 'General', 'Cienfuegos', null],
      ['Secretary of Government', null, 'Osorio', 'MX'],
    ]);
    expect(ms[0].listId).toBe(ms[1].listId);
  });

  it('expands plural posts over coordinated names', () => {
    const ms = extractMentions({ id: 0, text: 'Secretaries Kelly and Tillerson will also meet.' });
    expect(ms.map((m) => [m.post?.canonical, m.nameTokens.join(' ')])).toEqual([
      ['Secretary', 'Kelly'],
      ['Secretary', 'Tillerson'],
    ]);
  });

  it('reads "<Org> Secretary" and "of <Country>" forms', () => {
    const ms = extractMentions({ id: 0, text: 'DHS Secretary Kelly met Prime Minister Justin Trudeau of Canada.' });
    expect(ms.map((m) => [m.post?.canonical, m.nameTokens.join(' '), m.countryHint])).toEqual([
      ['Secretary of Homeland Security', 'Kelly', null],
      ['Prime Minister', 'Justin Trudeau', 'CA'],
    ]);
  });

  it('stops names at possessives, lower-case words and non-name capitals', () => {
    expect(parseName("Tillerson's first day", 0).tokens).toEqual(['Tillerson']);
    expect(parseName('Pena Nieto also instructed', 0).tokens).toEqual(['Pena', 'Nieto']);
    expect(parseName('Mark C. Toner said', 0).tokens).toEqual(['Mark', 'C.', 'Toner']);
    expect(parseName('Mexico City', 0).tokens).toEqual([]);
  });

  it('does not take a post without a name for a person', () => {
    expect(extractMentions({ id: 0, text: 'the Secretary of State said' }).filter((m) => m.nameTokens.length)).toEqual([]);
  });
});

describe('namesCompatible', () => {
  it('matches suffixes and first + last name', () => {
    expect(namesCompatible(['Nieto'], ['Enrique', 'Pena', 'Nieto'])).toBe(true);
    expect(namesCompatible(['Pena', 'Nieto'], ['Enrique', 'Peña', 'Nieto'])).toBe(true);
    expect(namesCompatible(['Enrique', 'Nieto'], ['Enrique', 'Pena', 'Nieto'])).toBe(true);
    expect(namesCompatible(['Kelly'], ['Tillerson'])).toBe(false);
  });
});

describe('resolvePeople', () => {
  it('merges mentions of one person across forms and picks the two-word surname', () => {
    const r = people([
      'They will meet Mexico President Enrique Pena Nieto and members of President Nieto\'s cabinet.',
      'The conversation between President Trump and President Pena Nieto on January 27th.',
    ]);
    const pn = byName(r.mentioned, 'Pena Nieto');
    expect(pn).toHaveLength(1);
    expect(pn[0]).toMatchObject({ name: 'Enrique Pena Nieto', post: 'President', country: 'MX' });
    expect(pn[0].aliases).toEqual(expect.arrayContaining(['President Nieto', 'President Pena Nieto']));
    expect(byName(r.mentioned, 'Nieto')).toHaveLength(0);
    // the home country's president by default, even next to a counterpart
    expect(byName(r.mentioned, 'Trump')[0]).toMatchObject({ post: 'President', country: 'US', organization: expect.objectContaining({ name: 'The White House' }) });
  });

  it('resolves countries from the post, the list and the context', () => {
    const r = people([
      'Secretaries Kelly and Tillerson will also meet with Secretary of National Defense General Cienfuegos and Secretary of the Navy Admiral Soberon.',
      'They will also meet with the Mexican Secretary of Government Osorio and Secretary of Finance Meade, and Foreign Secretary Luis Videgaray.',
    ]);
    const get = (s: string) => byName(r.mentioned, s)[0];
    expect(get('Cienfuegos')).toMatchObject({ country: 'MX', post: 'Secretary of National Defense', honorific: 'General' });
    expect(get('Soberon')).toMatchObject({ country: 'MX', post: 'Secretary of the Navy', honorific: 'Admiral' });
    expect(get('Osorio')).toMatchObject({ country: 'MX', post: 'Secretary of Government' });
    expect(get('Meade')).toMatchObject({ country: 'MX', post: 'Secretary of Finance' });
    expect(get('Videgaray')).toMatchObject({ country: 'MX', post: 'Foreign Secretary', organization: expect.objectContaining({ name: "Mexico's Foreign Ministry" }) });
    expect(get('Kelly').country).toBe('US');
  });

  it('takes an appositive post and an organisation named next to the person', () => {
    const r = people([
      "This is, on the part of Secretary Tillerson, of course, his first bilateral trip as Secretary of State, which is worth noting.",
      'Secretary Kelly from the Department of Homeland Security will travel too.',
    ]);
    expect(byName(r.mentioned, 'Tillerson')[0]).toMatchObject({ post: 'Secretary of State', country: 'US' });
    expect(byName(r.mentioned, 'Kelly')[0].organization?.acronym).toBe('DHS');
  });

  it('merges mentions into a named speaker instead of creating a second person', () => {
    const speaker: ParsedPerson = {
      key: 'speaker:tillerson', name: 'Tillerson', surname: 'Tillerson', honorific: null, post: 'Secretary', role: 'OFFICIAL', anonymous: false,
      attribution: null, organization: null, country: null, aliases: ['SECRETARY TILLERSON'], cues: [],
    };
    const r = people(['Secretary of State Rex Tillerson will travel.'], { home: 'US', counterpart: 'MX' }, [speaker]);
    expect(r.mentioned).toHaveLength(0);
    expect(speaker).toMatchObject({ name: 'Rex Tillerson', post: 'Secretary of State', country: 'US' });
  });

  it('takes a post given by a comma appositive, with its country', () => {
    const r = people(['I would like to introduce the Secretary of Health and Human Services, Dr. Tom Price.', 'The President of China, President Xi, arrived.']);
    expect(byName(r.mentioned, 'Price')[0]).toMatchObject({ post: 'Secretary of Health and Human Services', honorific: 'Dr.', country: 'US' });
    expect(byName(r.mentioned, 'Xi')[0]).toMatchObject({ post: 'President', country: 'CN' });
  });

  it('reads a post given after a name, with its organisation', () => {
    const r = people(['Joining us: Denis McDonough, who is the Director of Strategic Communications at the National Security Council; and Dan Restrepo, Special Assistant to the President.']);
    expect(r.mentioned.map((p) => [p.name, p.post, p.organization?.acronym ?? null])).toEqual([
      ['Denis McDonough', 'Director of Strategic Communications', 'NSC'],
      ['Dan Restrepo', 'Special Assistant to the President', null],
    ]);
  });

  it('does not give the home country a post it does not have', () => {
    const r = people(['Foreign Minister Videgaray and King Felipe spoke.']);
    expect(byName(r.mentioned, 'Videgaray')[0].country).toBe('MX');
    expect(byName(r.mentioned, 'Felipe')[0].country).toBeNull();
  });

  it('makes two presidents named together counterparts when nothing else is known', () => {
    const r = people(['President Obama will see President Pena Nieto.']);
    expect(byName(r.mentioned, 'Obama')[0].country).toBe('US');
    expect(byName(r.mentioned, 'Pena Nieto')[0]).toMatchObject({ country: 'MX', cues: expect.arrayContaining(['country:counterpart-pair']) });
  });

  it('merges a short post and a Spanish paternal surname into the full mention', () => {
    const r = people(['Deputy Secretary of State Christopher Landau met Mexican Secretary of Finance Edgar Amador Zamora.', 'Deputy Secretary Landau and Finance Minister Amador agreed.']);
    expect(r.mentioned.map((p) => [p.name, p.post, p.country])).toEqual([
      ['Christopher Landau', 'Deputy Secretary of State', 'US'],
      ['Edgar Amador Zamora', 'Secretary of Finance', 'MX'],
    ]);
  });

  it('resolves bare surnames and "the President" to known people', () => {
    const r = people(['President Trump spoke.', 'The dispute between Trump and Mexico; the President said.']);
    const trump = byName(r.mentioned, 'Trump')[0];
    expect(r.resolved.filter((m) => m.key === trump.key).map((m) => m.kind)).toEqual(['named', 'bare', 'definite']);
  });
});
