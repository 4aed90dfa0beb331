import { defineResource } from './resources/resourceType';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { KubeApiError } from './status';
import { KubeObject } from './types';

describe('label selectors', () => {
  const matches = (selector: string, labels: Record<string, string>) =>
    parseLabelSelector(selector)!(labels);

  it('supports equality, set and existence requirements', () => {
    expect(matches('a=1,b==2', { a: '1', b: '2' })).toBe(true);
    expect(matches('a!=1', {})).toBe(true);
    expect(matches('a in (1,2),b notin (3)', { a: '2', b: '4' })).toBe(true);
    expect(matches('a in (1,2)', { b: '1' })).toBe(false);
    expect(matches('example.com/role,!other', { 'example.com/role': '' })).toBe(
      true,
    );
    expect(matches('a>1,a<3', { a: '2' })).toBe(true);
  });

  it('matches everything when empty and rejects syntax errors', () => {
    expect(parseLabelSelector('')).toBeUndefined();
    expect(() => parseLabelSelector('a in 1')).toThrow(KubeApiError);
    expect(() => parseLabelSelector('=x')).toThrow(KubeApiError);
  });
});

describe('field selectors', () => {
  const pods = defineResource({
    group: '',
    version: 'v1',
    kind: 'Pod',
    plural: 'pods',
    namespaced: true,
    fieldSelectors: {
      'spec.nodeName': object =>
        (object.spec as { nodeName?: string }).nodeName,
    },
  });
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'n' },
    spec: {},
  };

  it('treats a missing field as empty', () => {
    expect(parseFieldSelector('spec.nodeName=', pods)!(pod)).toBe(true);
    expect(parseFieldSelector('spec.nodeName!=', pods)!(pod)).toBe(false);
    expect(
      parseFieldSelector('metadata.name=p,metadata.namespace==n', pods)!(pod),
    ).toBe(true);
  });
});
