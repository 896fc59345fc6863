import { InvalidInputError } from '../common/domain-error';
import {
  awaitingTotal,
  awardAmount,
  awardCeiling,
  regionalBalance,
  unclaimable,
} from './funding.rules';

describe('awardCeiling', () => {
  it.each<[string, number, number | null, number]>([
    ['no cap: what was asked for', 85000, null, 85000],
    ['a cap below the request', 85000, 50000, 50000],
    ['a cap above the request', 30000, 50000, 30000],
    ['a cap equal to the request', 50000, 50000, 50000],
  ])('%s', (_, requested, cap, ceiling) => {
    expect(awardCeiling(requested, cap)).toBe(ceiling);
  });
});

describe('awardAmount', () => {
  const fieldOf = (run: () => number) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      return (error as InvalidInputError).fields;
    }
    throw new Error('expected the amount to be refused');
  };

  it('awards the ceiling when the reviewer names no amount', () => {
    expect(awardAmount(85000, null)).toBe(85000);
    expect(awardAmount(85000, 50000)).toBe(50000);
  });

  it('awards a partial amount within the ceiling', () => {
    expect(awardAmount(85000, 50000, 20000)).toBe(20000);
    expect(awardAmount(85000, 50000, 50000)).toBe(50000);
  });

  it('refuses more than was asked for, even without a cap', () => {
    expect(fieldOf(() => awardAmount(85000, null, 85001))).toEqual({
      amount: ['errors.award_above_request'],
    });
  });

  it('refuses more than the cap, below the request', () => {
    expect(fieldOf(() => awardAmount(85000, 50000, 50001))).toEqual({
      amount: ['errors.award_above_cap'],
    });
  });

  it('names the request first when an amount is above both', () => {
    expect(fieldOf(() => awardAmount(30000, 20000, 40000))).toEqual({
      amount: ['errors.award_above_request'],
    });
  });
});

describe('awaitingTotal', () => {
  const applications = [{ requestedMinor: 85000 }, { requestedMinor: 30000 }];

  it('sums the requests when there is no cap', () => {
    expect(awaitingTotal(applications, null)).toBe(115000);
  });

  it('counts each application at most at the cap', () => {
    expect(awaitingTotal(applications, 50000)).toBe(80000);
  });

  it('is zero with nothing awaiting', () => {
    expect(awaitingTotal([], 50000)).toBe(0);
  });
});

describe('regionalBalance', () => {
  it('counts the awards of the region, now and with one more', () => {
    const balance = regionalBalance(['africa', 'europe', 'africa']);
    expect(balance('africa')).toEqual({ before: 2, after: 3, total: 4 });
    expect(balance('asia')).toEqual({ before: 0, after: 1, total: 4 });
  });

  it('starts from nothing when nothing is awarded', () => {
    expect(regionalBalance([])('europe')).toEqual({ before: 0, after: 1, total: 1 });
  });
});

describe('unclaimable', () => {
  const input = (currency: string, ...kinds: string[]) => ({
    currency,
    lines: kinds.map((kind) => ({ kind })),
  });

  it('accepts the consultation currency and claimable kinds', () => {
    expect(unclaimable(input('CHF', 'airfare', 'visa'), 'CHF', ['airfare', 'visa'])).toEqual({});
  });

  it('names the currency and each line whose kind is not claimable', () => {
    expect(unclaimable(input('EUR', 'airfare', 'per_diem', 'visa'), 'CHF', ['airfare'])).toEqual({
      currency: ['errors.currency_mismatch'],
      'lines.1.kind': ['errors.cost_kind_not_claimable'],
      'lines.2.kind': ['errors.cost_kind_not_claimable'],
    });
  });
});
