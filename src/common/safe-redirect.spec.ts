import { localPath } from './safe-redirect';

describe('localPath', () => {
  it.each([
    ['/account', '/account'],
    ['/consultations/1?tab=agenda', '/consultations/1?tab=agenda'],
    ['/organisations/1/delegation#registration-2', '/organisations/1/delegation#registration-2'],
    ['/\u3002x', '/%E3%80%82x'],
    ['/%E3%80%82x', '/%E3%80%82x'],
    ['/caf\u00e9?q=\u00e9 t\u00e9', '/caf%C3%A9?q=%C3%A9%20t%C3%A9'],
    ['/a\ud800b', '/a%EF%BF%BDb'],
    ['/..//evil.example', '/'],
    ['/./\u002f/evil.example', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/ok\r\nSet-Cookie: x=1', '/'],
    ['/tab\there', '/'],
    ['/\u0085next-line', '/'],
    [undefined, '/'],
    [['/a'], '/'],
  ])('%p → %p', (input, expected) => {
    expect(localPath(input)).toBe(expected);
  });

  it('gives the fallback asked for', () => {
    expect(localPath('https://evil.example', '')).toBe('');
  });
});
