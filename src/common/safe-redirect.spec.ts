import { localPath } from './safe-redirect';

describe('localPath', () => {
  it.each([
    ['/account', '/account'],
    ['/consultations/1?tab=agenda', '/consultations/1?tab=agenda'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/ok\r\nSet-Cookie: x=1', '/'],
    [undefined, '/'],
    [['/a'], '/'],
  ])('%p → %p', (input, expected) => {
    expect(localPath(input)).toBe(expected);
  });
});
