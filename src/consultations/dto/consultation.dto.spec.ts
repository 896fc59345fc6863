import { isInstant } from './consultation.dto';

describe('instants the API accepts', () => {
  it.each(['2027-09-13T09:00:00+02:00', '2027-09-13T07:00Z', '2028-02-29T23:59:59.999-05:00'])(
    '%s is one',
    (value) => {
      expect(isInstant(value)).toBe(true);
    },
  );

  it.each([
    '2027-13-40T09:00:00+02:00',
    '2027-02-30T09:00:00Z',
    '2027-02-29T09:00:00Z',
    '2027-09-13T24:00:00Z',
    '2027-09-13T09:60:00Z',
    '2027-09-13T09:00:00+25:00',
    '2027-09-13T09:00:00',
    20270913,
    null,
  ])('%s is not', (value) => {
    expect(isInstant(value)).toBe(false);
  });
});
