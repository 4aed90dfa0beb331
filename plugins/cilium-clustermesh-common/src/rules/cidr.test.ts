import { cidrsOverlap, CidrBlock, isCidrBlock, parseCidr } from './cidr';

function block(text: string): CidrBlock {
  const parsed = parseCidr(text, 'f');
  if (!isCidrBlock(parsed)) throw new Error(`bad test CIDR ${text}`);
  return parsed;
}

describe('parseCidr', () => {
  it.each([['10.0.0.0/8'], ['192.168.10.0/24'], ['fd00::/48'], ['0.0.0.0/0']])(
    'parses %s',
    text => {
      expect(isCidrBlock(parseCidr(text, 'f'))).toBe(true);
    },
  );

  it.each([
    ['10.1.0.0', 'not a CIDR block', '10.10.0.0/16'],
    ['10.1.0.0/33', 'not a CIDR block', '10.10.0.0/16'],
    ['banana', 'not a CIDR block', '10.10.0.0/16'],
    ['10.1.2.3/16', 'host bits set', 'use 10.1.0.0/16'],
    ['fd00::1/64', 'host bits set', 'use fd00::/64'],
  ])('rejects %s', (text, rule, fix) => {
    expect(parseCidr(text, 'clusters[0].podCidr')).toEqual({
      field: 'clusters[0].podCidr',
      rule: expect.stringContaining(rule),
      fix: expect.stringContaining(fix),
    });
  });
});

describe('cidrsOverlap', () => {
  it.each([
    ['10.1.0.0/16', '10.1.0.0/16', true],
    ['10.0.0.0/8', '10.200.0.0/16', true],
    ['10.200.0.0/16', '10.0.0.0/8', true],
    ['10.1.0.0/16', '10.2.0.0/16', false],
    ['10.1.0.0/17', '10.1.128.0/17', false],
    ['10.1.0.0/16', 'fd00::/8', false],
    ['fd00::/16', 'fd00:1::/32', true],
  ])('%s vs %s -> %s', (a, b, expected) => {
    expect(cidrsOverlap(block(a), block(b))).toBe(expected);
  });
});
