import { lineAlignedText } from './clusterApi';

describe('lineAlignedText', () => {
  const lines = Array.from(
    { length: 40 },
    (_, i) => `cilium_metric{target_cluster="c${i}"} ${i}\n`,
  );
  const text = lines.join('');

  it.each([
    ['pieces smaller than a line', 10],
    ['pieces of a few lines', 100],
    ['one piece for everything', 1 << 20],
  ])('cuts only after newlines: %s', (_case, pieceBytes) => {
    const pieces = lineAlignedText(Buffer.from(text), pieceBytes);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(piece.endsWith('\n')).toBe(true);
    if (pieceBytes === 100) {
      expect(pieces.length).toBeGreaterThan(1);
      for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(100);
    }
  });

  it('keeps a last line without a newline and multi-byte characters whole', () => {
    const body = Buffer.from('a{x="é"} 1\nb{x="ü"} 2');
    expect(lineAlignedText(body, 4)).toEqual(['a{x="é"} 1\n', 'b{x="ü"} 2']);
    expect(lineAlignedText(Buffer.alloc(0))).toEqual([]);
  });
});
