import { normalise, searchTerms } from './names';

describe('normalise', () => {
  it.each([
    ['Médecins Sans Frontières', 'medecins sans frontieres'],
    ['  CARITAS—Lebanon ', 'caritas lebanon'],
    ['Ñandú & Co.', 'nandu co'],
  ])('%p → %p', (input, expected) => expect(normalise(input)).toBe(expected));
});

describe('searchTerms', () => {
  it('takes every word of the name and the acronym, once', () => {
    expect(searchTerms('Migrant Forum in Asia', 'M.F.A.')).toEqual([
      'migrant',
      'forum',
      'in',
      'asia',
      'm',
      'f',
      'a',
      'mfa',
    ]);
    expect(searchTerms('Caritas Caritas', null)).toEqual(['caritas']);
  });
});
