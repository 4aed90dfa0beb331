import { isAtLeast, parseCiliumVersion } from './ciliumVersion';

describe('parseCiliumVersion', () => {
  it.each([
    ['1.20.0', { major: 1, minor: 20, patch: 0 }],
    ['v1.19.3', { major: 1, minor: 19, patch: 3 }],
    ['1.20.0-pre.4', { major: 1, minor: 20, patch: 0 }],
    ['1.18', { major: 1, minor: 18, patch: 0 }],
    ['latest', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('reads %j as %j', (text, version) => {
    expect(parseCiliumVersion(text)).toEqual(version);
  });
});

describe('isAtLeast', () => {
  it.each([
    ['1.20.0', 1, 20, true],
    ['1.21.1', 1, 20, true],
    ['2.0.0', 1, 20, true],
    ['1.19.9', 1, 20, false],
    ['0.99.0', 1, 20, false],
    [undefined, 1, 20, false],
  ])('%j is at least %s.%s: %s', (text, major, minor, expected) => {
    expect(isAtLeast(text, major, minor)).toBe(expected);
  });
});
