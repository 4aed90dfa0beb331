/**
 * Where, in each chart version's templates, the calls that can fail sit
 * (line, then the 0-based column of the failing call), so errors point
 * where Helm points. Measured on the released chart tgz of each version.
 */
export type SiteName =
  | 'nameEmpty'
  | 'nameLength'
  | 'nameFormat'
  | 'nameDefault'
  | 'maxConnected'
  | 'kvstoreMode'
  | 'identityMode116'
  | 'kvstoremeshDisabled'
  | 'disableEndpointCRD'
  | 'externalNeedsApiserver'
  | 'externalNeedsKvstoremesh'
  | 'externalSingleReplica'
  | 'externalIdentityMode'
  | 'tlsValues'
  | 'hubbleUiRelay'
  | 'hubbleRelayHubble'
  | 'tunnel'
  | 'apiserverTlsCa'
  | 'k8sEventHandover'
  | 'cnpStatusUpdates'
  | 'encryptionKeyFile'
  | 'proxyPrometheus'
  | 'endpointStatus'
  | 'remoteNodeIdentity'
  | 'containerRuntime'
  | 'etcdManaged'
  | 'enableCiliumEndpointSlice'
  | 'sliceMode'
  | 'k8sServiceHostRef'
  | 'kpr'
  | 'gkeRouting'
  | 'aksRouting'
  | 'nativeV4'
  | 'nativeV6'
  | 'podCidrRemoved'
  | 'authMode'
  | 'kvstoremeshSecretCfg'
  | 'kvstoremeshSecretClusters'
  | 'clustermeshSecretCfg'
  | 'clustermeshSecretClusters'
  | 'helpersRequired'
  | 'helpersSetName'
  | 'caSetupHubble'
  | 'caSetupServer'
  | 'caSetupSecret'
  | 'buildCustomCertValues';

type SiteTable = Partial<Record<SiteName, [number, number]>>;

const COMMON_DEPRECATIONS_119: SiteTable = {
  tunnel: [41, 5],
  apiserverTlsCa: [44, 5],
  k8sEventHandover: [47, 5],
  cnpStatusUpdates: [50, 5],
  encryptionKeyFile: [18, 5],
  proxyPrometheus: [24, 5],
  endpointStatus: [27, 5],
  remoteNodeIdentity: [30, 5],
  containerRuntime: [33, 5],
  etcdManaged: [36, 5],
  enableCiliumEndpointSlice: [5, 5],
  sliceMode: [8, 5],
  k8sServiceHostRef: [55, 6],
  hubbleUiRelay: [61, 7],
  hubbleRelayHubble: [71, 7],
  nameEmpty: [153, 5],
  nameLength: [156, 5],
  nameFormat: [159, 5],
  nameDefault: [162, 5],
  kvstoreMode: [174, 4],
  disableEndpointCRD: [181, 9],
  kvstoremeshDisabled: [186, 9],
  externalNeedsApiserver: [192, 8],
  externalNeedsKvstoremesh: [195, 8],
  externalSingleReplica: [198, 8],
  externalIdentityMode: [201, 8],
  kpr: [79, 5],
  authMode: [3, 4],
  kvstoremeshSecretClusters: [18, 13],
  kvstoremeshSecretCfg: [19, 18],
  clustermeshSecretClusters: [21, 13],
  clustermeshSecretCfg: [22, 18],
  helpersRequired: [24, 32],
  caSetupHubble: [2, 10],
  caSetupServer: [2, 10],
  caSetupSecret: [7, 10],
  buildCustomCertValues: [77, 16],
};

const SITES: Record<string, SiteTable> = {
  '1.16.19': {
    encryptionKeyFile: [10, 5],
    proxyPrometheus: [16, 5],
    endpointStatus: [19, 5],
    remoteNodeIdentity: [22, 5],
    containerRuntime: [25, 5],
    etcdManaged: [28, 5],
    tunnel: [33, 5],
    apiserverTlsCa: [36, 5],
    k8sEventHandover: [39, 5],
    cnpStatusUpdates: [42, 5],
    hubbleUiRelay: [48, 7],
    hubbleRelayHubble: [58, 7],
    nameEmpty: [140, 5],
    nameLength: [144, 5],
    nameFormat: [147, 5],
    nameDefault: [151, 5],
    identityMode116: [163, 7],
    disableEndpointCRD: [166, 7],
    maxConnected: [180, 6],
    kpr: [71, 5],
    gkeRouting: [462, 8],
    aksRouting: [468, 8],
    podCidrRemoved: [1009, 8],
    authMode: [3, 4],
    kvstoremeshSecretCfg: [14, 18],
    clustermeshSecretCfg: [16, 18],
    helpersRequired: [14, 32],
    caSetupHubble: [2, 10],
    caSetupServer: [2, 10],
    caSetupSecret: [7, 10],
    buildCustomCertValues: [66, 16],
  },
  '1.19.6': {
    ...COMMON_DEPRECATIONS_119,
    maxConnected: [207, 6],
    gkeRouting: [531, 8],
    aksRouting: [536, 8],
    nativeV4: [547, 12],
    nativeV6: [553, 10],
    helpersSetName: [61, 30],
  },
  '1.20.0': {
    ...COMMON_DEPRECATIONS_119,
    maxConnected: [219, 6],
    tlsValues: [214, 6],
    gkeRouting: [549, 8],
    aksRouting: [554, 8],
    nativeV4: [565, 12],
    nativeV6: [571, 10],
    helpersSetName: [67, 30],
  },
};

/** `file:line:col` for a site, or `file` alone when the version has no such call. */
export function siteOf(
  chartVersion: string,
  file: string,
  site: SiteName,
): string {
  const position = SITES[chartVersion]?.[site];
  return position
    ? `cilium/templates/${file}:${position[0]}:${position[1]}`
    : `cilium/templates/${file}`;
}

/** The line of a site, for ordering checks within one template. */
export function lineOf(chartVersion: string, site: SiteName): number {
  return SITES[chartVersion]?.[site]?.[0] ?? 0;
}
