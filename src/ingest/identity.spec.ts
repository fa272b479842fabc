import type { ParsedPerson } from './ingest.types';
import { findSamePerson, samePerson, type KnownPerson } from './identity';

const known = (name: string, post: string | null, countryCode: string | null, extra: Partial<KnownPerson> = {}): KnownPerson => ({
  name,
  aliases: [],
  post,
  countryCode,
  role: 'OFFICIAL',
  anonymous: false,
  ...extra,
});

const parsed = (name: string, post: string | null, country: string | null, extra: Partial<ParsedPerson> = {}): ParsedPerson => ({
  key: `person:${name}`,
  name,
  surname: name.split(' ').pop() ?? null,
  honorific: null,
  post,
  role: 'OFFICIAL',
  anonymous: false,
  attribution: null,
  organization: null,
  country,
  aliases: [],
  cues: [],
  ...extra,
});

describe('samePerson: one participant across briefings only when name, post and country agree', () => {
  it.each<[string, KnownPerson, ParsedPerson, string | null]>([
    ['the same full name, post and country', known('Joe Biden', 'President', 'US'), parsed('Joe Biden', 'President', 'US'), 'full-name'],
    ['the same full name, one post unknown', known('Ron Klain', null, 'US'), parsed('Ron Klain', 'Chief of Staff', 'US'), 'full-name'],
    ['a full name written with accents or without', known('Andrés Manuel López Obrador', 'President', 'MX'), parsed('Andres Manuel Lopez Obrador', 'President', 'MX'), 'full-name'],
    ['a full name known as an alias', known('Enrique Pena Nieto', 'President', 'MX', { aliases: ['Enrique Peña Nieto'] }), parsed('Enrique Peña Nieto', 'President', 'MX'), 'full-name'],
    ['a surname with the same post and country', known('Joe Biden', 'President', 'US'), parsed('Biden', 'President', 'US'), 'name-post-country'],
    ['a generic post and the specific one', known('Antony Blinken', 'Secretary of State', 'US'), parsed('Blinken', 'Secretary', 'US'), 'name-post-country'],
    ['a surname without a post (a spouse, "Dr. Biden")', known('Joe Biden', 'President', 'US'), parsed('Biden', null, 'US', { honorific: 'Dr.' }), null],
    ['the First Lady is not the President', known('Biden', 'President', 'US'), parsed('Biden', 'First Lady', 'US'), null],
    ['another given name', known('Joe Biden', 'President', 'US'), parsed('Jill Biden', 'President', 'US'), null],
    ['another country', known('Alberto Fernández', 'President', 'AR'), parsed('Fernández', 'President', 'MX'), null],
    ['the same surname, country unknown', known('Fernández', 'President', null), parsed('Fernández', 'President', 'AR'), null],
    ['a post held at another time (post at the time)', known('Joe Biden', 'Vice President', 'US'), parsed('Joe Biden', 'President', 'US'), null],
    ['another office', known('John Kelly', 'Secretary of Homeland Security', 'US'), parsed('John Kelly', 'Chief of Staff', 'US'), null],
    ['a reporter and an official of the same name', known('David Smith', null, 'US', { role: 'JOURNALIST' }), parsed('David Smith', null, 'US'), null],
    ['a Moderator label in two briefings', known('Moderator', null, 'US', { role: 'MODERATOR', anonymous: true }), parsed('Moderator', null, 'US', { role: 'MODERATOR', anonymous: true }), null],
    [
      'a senior official on background in two briefings',
      known('Senior Administration Official', null, 'US', { anonymous: true }),
      parsed('Senior Administration Official', null, 'US', { anonymous: true }),
      null,
    ],
    ['a named moderator is a person', known('Kedenard Raymond', null, 'US', { role: 'MODERATOR' }), parsed('Kedenard Raymond', null, 'US', { role: 'MODERATOR' }), 'full-name'],
  ])('%s', (_case, k, p, expected) => {
    expect(samePerson(k, p)).toBe(expected);
  });

  it('prefers a full-name match to a surname match, whatever the order', () => {
    const rows = [known('Biden', 'President', 'US'), known('Joe Biden', 'President', 'US')];
    expect(findSamePerson(rows, parsed('Joe Biden', 'President', 'US'))).toBe(rows[1]);
    expect(findSamePerson(rows, parsed('Jill Biden', 'First Lady', 'US'))).toBeNull();
  });
});
