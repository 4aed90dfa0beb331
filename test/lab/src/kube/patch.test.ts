import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
} from './patch';
import { KubeApiError } from './status';

describe('merge patch', () => {
  it('merges objects, replaces lists and deletes nulls without touching its inputs', () => {
    const target = { a: { b: 1, c: 2 }, list: [1, 2] };
    const result = applyMergePatch(target, { a: { c: null, d: 3 }, list: [3] });
    expect(result).toEqual({ a: { b: 1, d: 3 }, list: [3] });
    expect(target).toEqual({ a: { b: 1, c: 2 }, list: [1, 2] });
  });
});

describe('strategic merge patch', () => {
  it('merges lists by their merge keys, which depend on where the list is', () => {
    const service = { spec: { ports: [{ port: 80, name: 'http' }] } };
    expect(
      applyStrategicMergePatch(service, {
        spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] },
      }),
    ).toEqual({
      spec: {
        ports: [{ port: 80, name: 'http', targetPort: 8080 }, { port: 443 }],
      },
    });
    const pod = {
      spec: {
        containers: [
          {
            name: 'a',
            ports: [{ containerPort: 1 }],
            volumeMounts: [{ mountPath: '/x', name: 'v' }],
          },
        ],
      },
    };
    const patched = applyStrategicMergePatch(pod, {
      spec: {
        containers: [
          {
            name: 'a',
            ports: [{ containerPort: 2 }],
            volumeMounts: [{ mountPath: '/x', readOnly: true }],
          },
        ],
      },
    });
    expect(patched).toEqual({
      spec: {
        containers: [
          {
            name: 'a',
            ports: [{ containerPort: 1 }, { containerPort: 2 }],
            volumeMounts: [{ mountPath: '/x', name: 'v', readOnly: true }],
          },
        ],
      },
    });
  });

  it('merges conditions by type, deletes with $patch and drops kubectl directives', () => {
    const status = {
      status: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'Old', status: 'True' },
        ],
      },
    };
    expect(
      applyStrategicMergePatch(status, {
        $setElementOrder: 'ignored',
        status: {
          conditions: [
            { type: 'Ready', status: 'True' },
            { type: 'Old', $patch: 'delete' },
          ],
        },
      }),
    ).toEqual({ status: { conditions: [{ type: 'Ready', status: 'True' }] } });
  });

  it('replaces lists without a merge key', () => {
    expect(
      applyStrategicMergePatch(
        { spec: { tolerations: [{ key: 'a' }] } },
        { spec: { tolerations: [{ key: 'b' }] } },
      ),
    ).toEqual({
      spec: { tolerations: [{ key: 'b' }] },
    });
  });
});

describe('JSON patch', () => {
  const document = { metadata: { labels: { a: '1' } }, items: ['x', 'y'] };

  it('supports add, remove, replace, move, copy and test', () => {
    expect(
      applyJsonPatch(document, [
        { op: 'test', path: '/items/0', value: 'x' },
        { op: 'add', path: '/items/-', value: 'z' },
        { op: 'remove', path: '/items/0' },
        { op: 'replace', path: '/metadata/labels/a', value: '2' },
        { op: 'copy', from: '/metadata/labels/a', path: '/metadata/labels/b' },
        {
          op: 'move',
          from: '/metadata/labels/a',
          path: '/metadata/labels/c~1d',
        },
      ]),
    ).toEqual({
      metadata: { labels: { b: '2', 'c/d': '2' } },
      items: ['y', 'z'],
    });
    expect(document.items).toEqual(['x', 'y']);
  });

  it('fails with 422 on a failed test or missing path, and 400 on a non-list body', () => {
    const failure = (operations: unknown) => {
      try {
        applyJsonPatch(document, operations);
      } catch (error) {
        return (error as KubeApiError).code;
      }
      return undefined;
    };
    expect(failure([{ op: 'test', path: '/items/0', value: 'nope' }])).toBe(
      422,
    );
    expect(failure([{ op: 'replace', path: '/spec/missing', value: 1 }])).toBe(
      422,
    );
    expect(failure({ op: 'add' })).toBe(400);
  });
});
