import type { MeshView } from './meshStatusService';
import { packView, unpackView } from './viewCodec';

/** A view shaped like a big mesh's: many near-identical connections. */
function bigView(clusters: number): MeshView {
  const names = Array.from({ length: clusters }, (_, i) => `cluster-${i + 1}`);
  const connections = names.flatMap(from =>
    names
      .filter(to => to !== from)
      .map(to => ({ from, to, configured: true, state: 'connected' })),
  );
  return {
    source: 'config',
    refreshedAt: '2026-11-26T10:00:00.000Z',
    definition: 'd1',
    globalServices: [],
    status: { mesh: 'big', connections },
  } as unknown as MeshView;
}

describe('packView', () => {
  it('round-trips a view and stores it far smaller than its JSON', async () => {
    const view = bigView(60);
    const packed = await packView(view);
    expect(await unpackView(packed)).toEqual(view);
    expect(packed.length * 10).toBeLessThan(JSON.stringify(view).length);
  });

  it.each([
    ['nothing cached', undefined],
    ['a view in the old plain-JSON format', JSON.stringify(bigView(2))],
    ['a truncated entry', 'gzip+json:H4sIAAAAAAAA'],
    ['not base64 gzip', 'gzip+json:{"status":{}}'],
    ['an object', { status: {} }],
  ])(
    'reads %s as no view, so the mesh is read again',
    async (_case, cached) => {
      expect(await unpackView(cached)).toBeUndefined();
    },
  );
});
