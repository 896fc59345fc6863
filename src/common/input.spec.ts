import { jsonNestsDeeperThan, normaliseTextInput } from './input';

describe('normaliseTextInput', () => {
  it('turns CRLF and lone CR into LF everywhere, keeping tabs', () => {
    const body = { text: 'one\r\ntwo\rthree\n\tfour', nested: { lines: ['a\r\nb'] } };
    expect(normaliseTextInput(body)).toEqual({
      value: { text: 'one\ntwo\nthree\n\tfour', nested: { lines: ['a\nb'] } },
      invalidFields: [],
    });
  });

  it('names every field holding another control character, keys included', () => {
    const { invalidFields } = normaliseTextInput({
      name: 'a\u0000b',
      ok: 'fine',
      participant: { email: 'x\u001b' },
      list: ['\u007f'],
      'k\u0000': 'v',
    });
    expect(invalidFields.sort()).toEqual(
      ['k\\u0000', 'list.0', 'name', 'participant.email'].sort(),
    );
  });

  it('walks deep input without recursion', () => {
    let deep: unknown = 'bad\u0001';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(normaliseTextInput(deep).invalidFields).toHaveLength(1);
  });

  it('leaves numbers, booleans and nulls alone, and reads a bare string', () => {
    expect(normaliseTextInput({ a: 1, b: true, c: null })).toEqual({
      value: { a: 1, b: true, c: null },
      invalidFields: [],
    });
    expect(normaliseTextInput('x\r\ny')).toEqual({ value: 'x\ny', invalidFields: [] });
    expect(normaliseTextInput(undefined)).toEqual({ value: undefined, invalidFields: [] });
  });
});

describe('jsonNestsDeeperThan', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(jsonNestsDeeperThan('[[[]]]', 3)).toBe(false);
    expect(jsonNestsDeeperThan('[[[[]]]]', 3)).toBe(true);
    expect(jsonNestsDeeperThan('{"a":{"b":{"c":[1]}}}', 3)).toBe(true);
    expect(jsonNestsDeeperThan(`{"a":"${'['.repeat(100)}"}`, 3)).toBe(false);
    expect(jsonNestsDeeperThan(`{"a":"\\"${'{'.repeat(100)}"}`, 3)).toBe(false);
    expect(jsonNestsDeeperThan(Buffer.from('['.repeat(10_000) + ']'.repeat(10_000)))).toBe(true);
    expect(jsonNestsDeeperThan(Buffer.from('['.repeat(64) + ']'.repeat(64)))).toBe(false);
  });
});
