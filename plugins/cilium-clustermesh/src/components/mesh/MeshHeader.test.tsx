import { seed } from '@meshportal/plugin-cilium-clustermesh-common/testUtils';
import { act, screen } from '@testing-library/react';
import { meshFixture } from '../../__testUtils__/meshFixtures';
import { renderWithClient } from '../../__testUtils__/testApis';
import { MeshHeader } from './MeshHeader';

// Its own file: usePermission caches decisions for the whole module registry,
// so a test that allowed the refresh before would answer this one too.
describe('MeshHeader without the refresh permission', () => {
  it('names the permission and offers no refresh', async () => {
    const onRefresh = jest.fn();
    await renderWithClient(
      <MeshHeader
        detail={meshFixture('lab-mesh', seed()).detail}
        refreshing={false}
        onRefresh={onRefresh}
      />,
      { mayRefresh: false },
    );
    // Let the permission decision arrive: while it is pending the button is
    // disabled too, so look only after it.
    await act(() => new Promise(resolve => setTimeout(resolve, 200)));
    const refresh = screen.getByRole('button', { name: /^Refresh/ });
    expect(refresh).toBeDisabled();
    expect(refresh).toHaveAttribute(
      'title',
      'You need the permission cilium-clustermesh.mesh.refresh to refresh',
    );
    expect(onRefresh).not.toHaveBeenCalled();
  });
});
