import type { ConfigApi } from '@backstage/core-plugin-api';

/** Where a cluster can be looked at outside the portal. */
export interface ClusterLinks {
  hubbleUi(mesh: string, cluster: string): string | undefined;
  azurePortal(mesh: string, cluster: string): string | undefined;
}

export const NO_CLUSTER_LINKS: ClusterLinks = {
  hubbleUi: () => undefined,
  azurePortal: () => undefined,
};

export const HUBBLE_UI_URL_KEY = 'ciliumClusterMesh.ui.hubbleUiUrl';
export const AZURE_PORTAL_URL_KEY = 'ciliumClusterMesh.ui.azurePortalUrl';

function isHttpUrl(candidate: string): boolean {
  try {
    const { protocol } = new URL(candidate);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Fills `{mesh}` and `{cluster}` in one pass, so a name that itself contains
 * a placeholder is never substituted twice. Anything but an http(s) URL is
 * dropped: a template from config must not become a `javascript:` link.
 */
export function fillUrlTemplate(
  template: string,
  mesh: string,
  cluster: string,
): string | undefined {
  const url = template.replace(/\{(mesh|cluster)\}/g, (_, key: string) =>
    encodeURIComponent(key === 'mesh' ? mesh : cluster),
  );
  return isHttpUrl(url) ? url : undefined;
}

function linkFrom(template: string | undefined) {
  return (mesh: string, cluster: string) =>
    template ? fillUrlTemplate(template, mesh, cluster) : undefined;
}

/** Reads the optional URL templates of `ciliumClusterMesh.ui`. */
export function clusterLinksFromConfig(
  config: Pick<ConfigApi, 'getOptionalString'>,
): ClusterLinks {
  return {
    hubbleUi: linkFrom(config.getOptionalString(HUBBLE_UI_URL_KEY)),
    azurePortal: linkFrom(config.getOptionalString(AZURE_PORTAL_URL_KEY)),
  };
}
