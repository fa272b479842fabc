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

  it('gives a bare "Mayor" the one city its sentence names, and none when it names two or none', () => {
    const post = (text: string) => extractMentions({ id: 0, text }).map((m) => m.post?.canonical);
    expect(post('We partner with the City of Chicago — Mayor Lopez — on this.')).toEqual(['Mayor of Chicago']);
    expect(post('From Miami to Houston, Mayor Lopez said so.')).toEqual(['Mayor']);
    expect(post('We met in Houston. Mayor Lopez said so.')).toEqual(['Mayor']);
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

  it('takes the country of the paragraph before when a person\'s own sentences name none', () => {
    const ps = people([
      'We also discussed the loan program with Argentina and its economy.',
      'There were many meetings. Minister Perez joined several of them. In the end the United States leads on it.',
    ], { home: 'US', counterpart: 'BR' });
    expect(byName(ps.mentioned, 'Perez').map((p) => p.country)).toEqual(['AR']);
  });

  it('resolves bare surnames and "the President" to known people', () => {
    const r = people(['President Trump spoke.', 'The dispute between Trump and Mexico; the President said.']);
    const trump = byName(r.mentioned, 'Trump')[0];
    expect(r.resolved.filter((m) => m.key === trump.key).map((m) => m.kind)).toEqual(['named', 'bare', 'definite']);
  });
});

describe('extractMentions: posts in their many forms', () => {
  const read = (text: string, titleCase = false) =>
    extractMentions({ id: 0, text, titleCase }).map((m) => [m.nameTokens.join(' '), m.post?.canonical ?? null, m.countryHint, m.orgHint?.acronym ?? null]);

  it.each<[string, string, Array<[string, string | null, string | null, string | null]>]>([
    ['a post with its field, up to a given name', 'joined by National Security Council Senior Director for the Western Hemisphere Juan Gonzalez.', [['Juan Gonzalez', 'National Security Council Senior Director for the Western Hemisphere', null, 'NSC']]],
    ['a post with a body before it', 'the leadership of USAID Administrator Sam Powers, the', [['Sam Powers', 'USAID Administrator', null, 'USAID']]],
    ['the head of an international body keeps a bare post', 'the CARICOM Secretary General, Dr. Barnett.', [['Barnett', 'Secretary General', null, 'CARICOM']]],
    ['two posts joined by "and", then a rank', 'Special Assistant to the President and Coordinator for the Southern Border Ambassador Roberta Jacobson, March 10', [['Roberta Jacobson', 'Special Assistant to the President and Coordinator for the Southern Border', null, null]]],
    ['a name in apposition after the post', 'our Secretary of Education, Miguel Cardona, said', [['Miguel Cardona', 'Secretary of Education', null, null]]],
    ['a name before its post, closed by a semicolon', 'directing, I should say, Jeff Zients, our COVID Coordinator; and HHS', [['Jeff Zients', 'COVID Coordinator', null, null]]],
    ['"who is the" and a particle surname', 'Rogelio Ramírez de la O, Finance Minister of Mexico; Raquel Buenrostro Sánchez, who is the Secretary of Economy; and', [['Rogelio Ramírez de la O', 'Finance Minister', 'MX', null], ['Raquel Buenrostro Sánchez', 'Secretary of Economy', null, null]]],
    ['the country of a post in apposition', 'the Prime Minister of Canada, Justin Trudeau, and', [['Justin Trudeau', 'Prime Minister', 'CA', null]]],
    ['"Jr." and the country after the post', 'Your Excellency, Joseph Biden, Jr., President of the United States of America will take a question', [['Joseph Biden', 'President', 'US', null]]],
    ['a lower-case post after a name, with its country', 'after the firing of Mr. Sandoval, the chief of FECI in Guatemala, that', [['Sandoval', 'chief of FECI', 'GT', null]]],
    ['a title-case post after a name', 'to recognize Mr. Guaidó, as you said, as the Interim President of Venezuela.', [['Guaidó', 'Interim President', 'VE', null], ['', 'Interim President', 'VE', null]]],
    ['an acronym of a post', 'Did NSA Sullivan warn', [['Sullivan', 'National Security Advisor', null, null]]],
    ['"from" a country after the name', 'President López Obrador from Mexico said', [['López Obrador', 'President', 'MX', null]]],
    ['a possessive post belongs to the head named before it', 'where the Vice President hasn’t engaged, her National Security Advisor, Nancy McEldowney, has', [['', 'Vice President', null, null], ['Nancy McEldowney', 'National Security Advisor to the Vice President', null, null]]],
    ['a person without a post: a given name and a surname', 'in the conversations with Gustavo Beliz, and Ron Klain said', [['Gustavo Beliz', null, null, null], ['Ron Klain', null, null, null]]],
    ['no person in a place with a post-like word', 'the Secretary of Tourism said', [['', 'Secretary of Tourism', null, null]]],
  ])('%s', (_case, text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it("ends a post at a speaker's own name", () => {
    const text = 'Press Call by Deputy National Security Advisor for International Economics Daleep Singh on Sanctions';
    expect(extractMentions({ id: -1, text, titleCase: true }, new Set(['Daleep', 'Singh'])).map((m) => [m.nameTokens.join(' '), m.post?.canonical])).toEqual([
      ['Daleep Singh', 'Deputy National Security Advisor for International Economics'],
    ]);
  });

  it('reads "the X administration" as a President, and "X-Y" as a President and a Vice President', () => {
    expect(read('under the Trump administration and the Obama-Biden administration, not the Small Business Administration')).toEqual([
      ['Trump', 'President', null, null],
      ['Obama', 'President', null, null],
      ['Biden', 'Vice President', null, null],
    ]);
  });

  it('marks a post held before', () => {
    const ms = extractMentions({ id: 0, text: 'the efforts of then-Vice President Biden and former President Trump and President Obama' });
    expect(ms.map((m) => [m.nameTokens.join(' '), !!m.past])).toEqual([
      ['Biden', true],
      ['Trump', true],
      ['Obama', false],
    ]);
  });
});

describe('resolvePeople: one record per person, with post and country', () => {
  const one = (r: ReturnType<typeof people>, surname: string) => {
    const found = byName(r.mentioned, surname);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it.each<[string, string[], string, { post?: string | null; country?: string | null; name?: string }]>([
    ['the country named around a foreign leader', ['Q: I wanted to ask about President Bolsonaro and Brazil’s upcoming elections.'], 'Bolsonaro', { post: 'President', country: 'BR' }],
    ['a country a passage is about', ['On Honduras, how does the administration see it, given that President Hernández was working on this plan to flood the United States with cocaine?'], 'Hernández', { country: 'HN' }],
    ['the home leader beside foreign ones', ['President Biden will host President Giammattei, who leads Guatemala.', 'President Biden took a decision not to invite Cuban participation.'], 'Biden', { country: 'US' }],
    ['and the foreign one of that sentence', ['President Biden will host President Giammattei, who leads Guatemala.', 'President Biden took a decision not to invite Cuban participation.'], 'Giammattei', { country: 'GT' }],
    ['"the X administration" names the home head', ['How does the Biden administration see President Bolsonaro?', 'President Bolsonaro keeps saying that Brazil’s elections are rigged.'], 'Bolsonaro', { country: 'BR' }],
    ['a post the home country has stays home without strong evidence', ['Secretary Blinken and Secretary Austin’s trip to Japan and Korea.'], 'Austin', { country: 'US' }],
    ['a person without a post is the home country’s by default', ['Ron Klain said last night that the speech would wait.'], 'Klain', { country: 'US', post: null }],
    ['a Chinese name is family name first', ['They will meet with Director Yang Jiechi and State Councilor Wang Yi in Anchorage.'], 'Yang', { country: 'CN', post: 'Director', name: 'Yang Jiechi' }],
    ['Spanish names keep both surnames', ['President Andrés Manuel López Obrador of Mexico spoke with President López Obrador’s team.'], 'López Obrador', { country: 'MX', name: 'Andrés Manuel López Obrador' }],
    ['a bare post takes the full form the text names', ['Secretary Blinken will travel. It is the Secretary of State’s first trip.'], 'Blinken', { post: 'Secretary of State', country: 'US' }],
  ])('%s', (_case, texts, surname, expected) => {
    expect(one(people(texts, { home: 'US', counterpart: 'MX' }), surname)).toMatchObject(expected);
  });

  it('makes one person of "Vice President Biden" and "President Biden", with the later post', () => {
    const r = people(['When Vice President Biden was working on it during the Obama-Biden administration, then-Vice President Biden’s efforts mattered.', 'President Biden asked Vice President Harris to lead.']);
    expect(one(r, 'Biden')).toMatchObject({ post: 'President', country: 'US' });
    expect(one(r, 'Harris')).toMatchObject({ post: 'Vice President' });
  });

  it('never makes the First Lady an alias of the President', () => {
    const r = people(['President Biden and First Lady Jill Biden will host the dinner.', 'First Lady Biden will speak.']);
    expect(byName(r.mentioned, 'Biden').map((p) => [p.name, p.post]).sort()).toEqual([
      ['Biden', 'President'],
      ['Jill Biden', 'First Lady'],
    ]);
  });

  it('gives an interpreted speaker the counterpart country, not the home one', () => {
    const speaker = (key: string, name: string, cues: string[]): ParsedPerson => ({
      key, name, surname: name, honorific: null, post: 'President', role: 'OFFICIAL', anonymous: false, attribution: null, organization: null, country: null, aliases: [], cues,
    });
    const biden = speaker('speaker:biden', 'Biden', ['label:named']);
    const amlo = speaker('speaker:lopez-obrador', 'López Obrador', ['label:named', 'speaks:interpreted']);
    people(['It is great to be with you, Mr. President.'], { home: 'US', counterpart: 'MX' }, [biden, amlo]);
    expect([biden.country, amlo.country]).toEqual(['US', 'MX']);
    expect(amlo.surname).toBe('López Obrador');
  });

  it('leaves a journalist named in an introduction to the journalist', () => {
    const wadhams: ParsedPerson = {
      key: 'journalist:nick-wadhams', name: 'Nick Wadhams', surname: 'Wadhams', honorific: null, post: null, role: 'JOURNALIST', anonymous: false,
      attribution: null, organization: null, country: null, aliases: [], cues: [],
    };
    const r = people(['Our first question comes from the line of Nick Wadhams with Bloomberg News.'], { home: 'US', counterpart: 'MX' }, [wadhams]);
    expect(r.mentioned).toEqual([]);
  });
});
