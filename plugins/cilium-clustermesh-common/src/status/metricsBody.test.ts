import { lineAlignedText } from './metricsBody';

describe('lineAlignedText', () => {
  const lines = Array.from(
    { length: 40 },
    (_, i) => `cilium_metric{target_cluster="c${i}"} ${i}\n`,
  );
  const text = lines.join('');

  it.each([
    ['pieces smaller than a line', 10, 40],
    ['pieces of a few lines', 100, 20],
    ['one piece for everything', 1 << 20, 1],
  ])('cuts only after newlines: %s', (_case, pieceBytes, expectedPieces) => {
    const pieces = lineAlignedText(new TextEncoder().encode(text), pieceBytes);
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBe(expectedPieces);
    expect(pieces.filter(piece => !piece.endsWith('\n'))).toEqual([]);
    const longest = Math.max(...pieces.map(piece => piece.length));
    expect(longest).toBeLessThanOrEqual(
      Math.max(pieceBytes, lines[lines.length - 1].length),
    );
  });

  it('keeps a last line without a newline and multi-byte characters whole', () => {
    const body = new TextEncoder().encode('a{x="é"} 1\nb{x="ü"} 2');
    expect(lineAlignedText(body, 4)).toEqual(['a{x="é"} 1\n', 'b{x="ü"} 2']);
    expect(lineAlignedText(new Uint8Array(0))).toEqual([]);
  });
});
