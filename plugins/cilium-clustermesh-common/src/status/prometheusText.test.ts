import { parsePrometheusText, parsePrometheusValue } from './prometheusText';

describe('parsePrometheusText', () => {
  it('reads samples with labels and skips HELP, TYPE and other comments', () => {
    const text = [
      '# HELP cilium_version Cilium version',
      '# TYPE cilium_version gauge',
      'cilium_version{arch="amd64",revision="3e0b3a8",version="1.20.0"} 0',
      '# a free-form comment',
      '',
      'up 1',
    ].join('\n');
    expect(parsePrometheusText(text)).toEqual({
      samples: [
        {
          name: 'cilium_version',
          labels: { arch: 'amd64', revision: '3e0b3a8', version: '1.20.0' },
          value: 0,
        },
        { name: 'up', labels: {}, value: 1 },
      ],
      skippedLines: [],
    });
  });

  it.each([
    ['escaped quotes', 'm{a="say \\"hi\\""} 1', { a: 'say "hi"' }],
    ['escaped backslash', 'm{a="C:\\\\dir"} 1', { a: 'C:\\dir' }],
    ['escaped newline', 'm{a="two\\nlines"} 1', { a: 'two\nlines' }],
    [
      'braces and commas inside a value',
      'm{a="{x,y}",b="#"} 1',
      { a: '{x,y}', b: '#' },
    ],
    ['a trailing comma', 'm{a="1",} 1', { a: '1' }],
    ['spaces around labels', 'm { a = "1" , b="2" } 1', { a: '1', b: '2' }],
    ['empty braces', 'm{} 1', {}],
  ])('reads labels with %s', (_case, line, labels) => {
    expect(parsePrometheusText(line).samples).toEqual([
      { name: 'm', labels, value: 1 },
    ]);
  });

  it.each([
    ['NaN', NaN],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['1.7556e+09', 1.7556e9],
    ['-0.5', -0.5],
    ['3', 3],
    ['.5', 0.5],
  ])('reads the value %s', (text, value) => {
    expect(parsePrometheusText(`m ${text}`).samples[0].value).toBe(value);
  });

  it('keeps a timestamp and ignores an OpenMetrics exemplar', () => {
    expect(
      parsePrometheusText(
        'm{a="1"} 2 1700000000000\nc_total 3 # {trace_id="abc"} 1 1700000000.5',
      ).samples,
    ).toEqual([
      { name: 'm', labels: { a: '1' }, value: 2, timestamp: 1700000000000 },
      { name: 'c_total', labels: {}, value: 3 },
    ]);
  });

  it('accepts CRLF line endings and a quoted UTF-8 metric name', () => {
    expect(
      parsePrometheusText('a 1\r\n{"my.metric",x="y"} 2\r\n').samples,
    ).toEqual([
      { name: 'a', labels: {}, value: 1 },
      { name: 'my.metric', labels: { x: 'y' }, value: 2 },
    ]);
  });

  it('skips malformed lines and says which', () => {
    const text = [
      'good 1',
      'm{a="unterminated} 1',
      'm{a=unquoted} 1',
      'novalue',
      'm 1 2 3',
      'm one',
      '{} 1',
      'also_good{x="1"} 0',
    ].join('\n');
    const result = parsePrometheusText(text);
    expect(result.samples.map(sample => sample.name)).toEqual([
      'good',
      'also_good',
    ]);
    expect(result.skippedLines).toEqual([2, 3, 4, 5, 6, 7]);
  });
});

describe('parsePrometheusValue', () => {
  it('rejects what Go would not parse as a float', () => {
    expect(parsePrometheusValue('0x10')).toBeUndefined();
    expect(parsePrometheusValue('1,5')).toBeUndefined();
    expect(parsePrometheusValue('')).toBeUndefined();
  });
});
