import { moveTo, nextWaitlistSeq, seqBetween } from './waitlist-order';

describe('waiting-list order', () => {
  it('puts a newcomer after the last number, and first on an empty list', () => {
    expect(nextWaitlistSeq(0)).toBe(1);
    expect(nextWaitlistSeq(3)).toBe(4);
    expect(nextWaitlistSeq(2.5)).toBe(3.5);
  });

  it('numbers a moved entry strictly between its new neighbours', () => {
    expect(seqBetween(1, 2)).toBe(1.5);
    expect(seqBetween(1.5, 2)).toBe(1.75);
    expect(seqBetween(undefined, 1)).toBe(0);
    expect(seqBetween(null, -2)).toBe(-3);
    expect(seqBetween(4, undefined)).toBe(5);
    expect(seqBetween(undefined, undefined)).toBe(0);
  });

  it('moves an entry to the head, the middle and the tail without renumbering the others', () => {
    const others = [1, 2, 4];
    expect(moveTo(others, 1)).toEqual({ place: 1, seq: 0 });
    expect(moveTo(others, 2)).toEqual({ place: 2, seq: 1.5 });
    expect(moveTo(others, 3)).toEqual({ place: 3, seq: 3 });
    expect(moveTo(others, 4)).toEqual({ place: 4, seq: 5 });
  });

  it('reads a position past the end as the end', () => {
    expect(moveTo([1, 2], 10)).toEqual({ place: 3, seq: 3 });
    expect(moveTo([], 3)).toEqual({ place: 1, seq: 0 });
  });

  it('keeps the order of the numbers it produces, however often entries move', () => {
    let list = [1, 2, 3, 4, 5];
    for (const [from, to] of [
      [5, 1],
      [1, 3],
      [2, 2],
      [4, 5],
      [3, 1],
    ]) {
      const others = list.filter((_, i) => i !== from - 1);
      const { place, seq } = moveTo(others, to);
      list = [...others.slice(0, place - 1), seq, ...others.slice(place - 1)];
      expect(list.indexOf(seq) + 1).toBe(to);
      expect([...list].sort((a, b) => a - b)).toEqual(list);
      expect(new Set(list).size).toBe(list.length);
    }
  });
});
