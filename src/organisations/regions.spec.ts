import { getAlpha2Codes } from 'i18n-iso-countries';
import { regionOf } from './regions';

describe('regionOf', () => {
  it.each([
    ['CH', 'europe'],
    ['LB', 'asia'],
    ['SN', 'africa'],
    ['ph', 'asia'],
    ['MX', 'americas'],
    ['FJ', 'oceania'],
  ])('%s is in %s', (country, region) => {
    expect(regionOf(country)).toBe(region);
  });

  it('knows every ISO 3166-1 country except Antarctica', () => {
    const missing = Object.keys(getAlpha2Codes()).filter(
      (code) => code !== 'AQ' && !regionOf(code),
    );
    expect(missing).toEqual([]);
  });
});
