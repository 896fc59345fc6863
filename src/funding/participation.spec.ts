import { ConfirmedParticipant, tallyParticipation } from './participation';

const participant = (
  id: string,
  overrides: Partial<ConfirmedParticipant['organisation']> & { gender?: string } = {},
): ConfirmedParticipant => {
  const { gender = 'female', ...organisation } = overrides;
  return {
    id,
    organisationId: `org-${id}`,
    gender,
    organisation: {
      region: 'africa',
      type: 'ngo',
      migrantLed: false,
      womenLed: false,
      youthLed: false,
      ...organisation,
    },
  };
};

describe('tallyParticipation', () => {
  const confirmed = [
    participant('a', { migrantLed: true }),
    participant('b', { region: 'europe', type: 'trade_union', gender: 'male' }),
    participant('c'),
  ];
  const tally = tallyParticipation(confirmed, new Set(['a', 'b']), new Set(['org-b']));
  const rows = (name: string) =>
    Object.fromEntries(
      tally.dimensions
        .find((d) => d.name === name)!
        .rows.map((r) => [r.key, [r.confirmed, r.funded]]),
    );

  it('counts confirmed and funded participants', () => {
    expect([tally.confirmed, tally.funded]).toEqual([3, 2]);
  });

  it('lists every known key in order, zeros included', () => {
    expect(tally.dimensions.map((d) => d.name)).toEqual([
      'region',
      'organisationType',
      'gender',
      'firstTime',
      'migrantLed',
      'womenLed',
      'youthLed',
    ]);
    expect(rows('region')).toEqual({
      africa: [2, 1],
      americas: [0, 0],
      asia: [0, 0],
      europe: [1, 1],
      oceania: [0, 0],
    });
    expect(Object.keys(rows('organisationType'))[0]).toBe('ngo');
    expect(rows('gender')).toEqual({
      female: [2, 1],
      male: [1, 1],
      other: [0, 0],
      undisclosed: [0, 0],
    });
  });

  it('reads first-time from the returning organisations, and the led-by flags', () => {
    expect(rows('firstTime')).toEqual({ yes: [2, 1], no: [1, 1] });
    expect(rows('migrantLed')).toEqual({ yes: [1, 1], no: [2, 1] });
  });

  it('keeps a key the lists do not know, after the known ones', () => {
    const odd = tallyParticipation(
      [participant('x', { region: 'antarctica' })],
      new Set(),
      new Set(),
    );
    expect(odd.dimensions[0].rows.at(-1)).toEqual({ key: 'antarctica', confirmed: 1, funded: 0 });
  });
});
