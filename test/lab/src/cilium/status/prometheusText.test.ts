import { parsePrometheusText } from './__testUtils__/parsePrometheusText';
import { escapeLabelValue, goFloat, renderExposition } from './prometheusText';

describe('goFloat', () => {
  it.each([
    [0, '0'],
    [1, '1'],
    [-1, '-1'],
    [3, '3'],
    [0.5, '0.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [123456, '123456'],
    [1234567, '1.234567e+06'],
    [1e6, '1e+06'],
    [1755684672, '1.755684672e+09'],
    [1755684672.345, '1.755684672345e+09'],
    [1e100, '1e+100'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])(
    '%p is written as %s, like strconv.FormatFloat(v, g, -1, 64)',
    (value, text) => {
      expect(goFloat(value)).toBe(text);
    },
  );
});

describe('escapeLabelValue', () => {
  it.each([
    ['plain', 'plain'],
    ['a"b', 'a\\"b'],
    ['a\\b', 'a\\\\b'],
    ['a\nb', 'a\\nb'],
    ['\\"', '\\\\\\"'],
  ])('%j becomes %j', (value, escaped) => {
    expect(escapeLabelValue(value)).toBe(escaped);
  });
});

describe('renderExposition', () => {
  const text = renderExposition([
    {
      name: 'z_total',
      help: 'Counts \\ things\nover lines',
      type: 'gauge',
      samples: [
        { labels: { target: 'b', a: 'x' }, value: 2 },
        { labels: { target: 'a"q', a: 'x' }, value: 1 },
      ],
    },
    {
      name: 'a_plain',
      help: 'No labels',
      type: 'gauge',
      samples: [{ labels: {}, value: 7 }],
    },
    {
      name: 'm_empty',
      help: 'A vector nobody touched',
      type: 'gauge',
      samples: [],
    },
  ]);

  it('orders families by name and drops empty vectors entirely', () => {
    expect(text.split('\n').filter(line => line.startsWith('# TYPE'))).toEqual([
      '# TYPE a_plain gauge',
      '# TYPE z_total gauge',
    ]);
  });

  it('writes labels sorted by name and series sorted by label values', () => {
    expect(text).toContain(
      'z_total{a="x",target="a\\"q"} 1\nz_total{a="x",target="b"} 2\n',
    );
    expect(text).toContain('a_plain 7\n');
  });

  it('round-trips help, labels and values through a strict parser', () => {
    const families = parsePrometheusText(text);
    expect(families.get('z_total')).toEqual({
      help: 'Counts \\ things\nover lines',
      type: 'gauge',
      samples: [
        { labels: { a: 'x', target: 'a"q' }, value: 1 },
        { labels: { a: 'x', target: 'b' }, value: 2 },
      ],
    });
    expect([...families.keys()]).toEqual(['a_plain', 'z_total']);
  });

  it('renders nothing for nothing', () => {
    expect(renderExposition([])).toBe('');
  });
});
