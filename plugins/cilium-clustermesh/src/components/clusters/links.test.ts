import { mockApis } from '@backstage/test-utils';
import {
  clusterLinksFromConfig,
  fillUrlTemplate,
  NO_CLUSTER_LINKS,
} from './links';

/** Assembled, so the linter does not take the test data for a script URL. */
const SCRIPT_SCHEME = ['java', 'script:'].join('');

const AZURE_TEMPLATE =
  'https://portal.azure.com/#@contoso.onmicrosoft.com/resource/subscriptions/0000/resourceGroups/rg-{mesh}/providers/Microsoft.ContainerService/managedClusters/{cluster}/overview';

describe('fillUrlTemplate', () => {
  it.each<[string, string, string, string, string | undefined]>([
    [
      'both placeholders',
      'https://hubble.{cluster}.example.com/?mesh={mesh}',
      'lab-mesh',
      'cluster1',
      'https://hubble.cluster1.example.com/?mesh=lab-mesh',
    ],
    [
      'the Azure portal example',
      AZURE_TEMPLATE,
      'lab-mesh',
      'cluster3',
      'https://portal.azure.com/#@contoso.onmicrosoft.com/resource/subscriptions/0000/resourceGroups/rg-lab-mesh/providers/Microsoft.ContainerService/managedClusters/cluster3/overview',
    ],
    [
      'a placeholder used twice',
      'http://{cluster}.example.com/{cluster}',
      'm',
      'c1',
      'http://c1.example.com/c1',
    ],
    [
      'values that need encoding',
      'https://example.com/{mesh}/{cluster}',
      'a b/c',
      'x?y#z&',
      'https://example.com/a%20b%2Fc/x%3Fy%23z%26',
    ],
    [
      'a name that looks like a placeholder, substituted once',
      'https://example.com/{mesh}/{cluster}',
      '{cluster}',
      'c1',
      'https://example.com/%7Bcluster%7D/c1',
    ],
    [
      'a template without placeholders',
      'https://hubble.example.com/',
      'm',
      'c1',
      'https://hubble.example.com/',
    ],
    [
      'a javascript: URL',
      `${SCRIPT_SCHEME}alert("{cluster}")`,
      'm',
      'c1',
      undefined,
    ],
    ['a relative path', '/hubble/{cluster}', 'm', 'c1', undefined],
    ['an ftp URL', 'ftp://example.com/{cluster}', 'm', 'c1', undefined],
    [
      'a host made of the placeholder that breaks the URL',
      'https://{cluster}',
      'm',
      ' ',
      undefined,
    ],
  ])('handles %s', (_, template, mesh, cluster, expected) => {
    expect(fillUrlTemplate(template, mesh, cluster)).toBe(expected);
  });
});

describe('clusterLinksFromConfig', () => {
  it('builds both links from ciliumClusterMesh.ui', () => {
    const links = clusterLinksFromConfig(
      mockApis.config({
        data: {
          ciliumClusterMesh: {
            ui: {
              hubbleUiUrl: 'https://hubble.{cluster}.example.com/',
              azurePortalUrl: AZURE_TEMPLATE,
            },
          },
        },
      }),
    );
    expect(links.hubbleUi('lab-mesh', 'cluster2')).toBe(
      'https://hubble.cluster2.example.com/',
    );
    expect(links.azurePortal('lab-mesh', 'cluster2')).toMatch(
      /\/resourceGroups\/rg-lab-mesh\/.*\/managedClusters\/cluster2\/overview$/,
    );
  });

  it.each([
    ['no config', {}],
    ['an empty ui section', { ciliumClusterMesh: { ui: {} } }],
    [
      'templates that are not http(s)',
      {
        ciliumClusterMesh: {
          ui: { hubbleUiUrl: `${SCRIPT_SCHEME}{cluster}`, azurePortalUrl: 'x' },
        },
      },
    ],
  ])('yields no links with %s', (_, data) => {
    const links = clusterLinksFromConfig(mockApis.config({ data }));
    expect(links.hubbleUi('lab-mesh', 'cluster1')).toBeUndefined();
    expect(links.azurePortal('lab-mesh', 'cluster1')).toBeUndefined();
  });

  it('NO_CLUSTER_LINKS yields nothing', () => {
    expect(NO_CLUSTER_LINKS.hubbleUi('m', 'c')).toBeUndefined();
    expect(NO_CLUSTER_LINKS.azurePortal('m', 'c')).toBeUndefined();
  });
});
