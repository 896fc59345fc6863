import { formatAmount, formatMoney, fromMinor, MONEY_PATTERN, toMinor } from './money';

describe('money', () => {
  it.each([
    ['850.00', 85000],
    ['800.1', 80010],
    ['399.95', 39995],
    ['0', 0],
    ['12', 1200],
  ])('%s is %d minor units', (amount, minor) => {
    expect(toMinor(amount)).toBe(minor);
  });

  it('adds exactly where floats do not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(fromMinor(toMinor('800.10') + toMinor('399.95'))).toBe('1200.05');
  });

  it.each(['1.234', '-5.00', 'abc', '1e3', '01.00', '', ' 5'])('refuses %p', (amount) => {
    expect(MONEY_PATTERN.test(amount)).toBe(false);
  });

  it('formats minor units with two decimals', () => {
    expect(fromMinor(5)).toBe('0.05');
    expect(fromMinor(-120)).toBe('-1.20');
  });
});

describe('money as each language writes it', () => {
  it.each([
    ['en', 223550, '2,235.50\u00a0USD'],
    ['fr', 223550, '2\u202f235,50\u00a0USD'],
    ['es', 223550, '2235,50\u00a0USD'],
    ['es', 1223550, '12.235,50\u00a0USD'],
    ['fr', 5, '0,05\u00a0CHF'],
    ['en', 99999999999999, '999,999,999,999.99\u00a0USD'],
  ] as const)('%s writes %d minor units as %p', (locale, minor, written) => {
    expect(formatMoney(minor, written.slice(-3), locale)).toBe(written);
  });

  it('reads the decimal strings mail carries', () => {
    expect(formatAmount('600.00', 'EUR', 'fr')).toBe('600,00\u00a0EUR');
  });
});
