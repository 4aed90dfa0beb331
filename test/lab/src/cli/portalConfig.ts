import { stringify } from 'yaml';
import { Lab } from '../lab';
import { sharedReferencePath } from '../paths';
import type { LabMesh } from '../presets';

export interface PortalConfigPaths {
  armCaFile: string;
  helmBinary: string;
}

/**
 * The configuration the portal needs to use the lab as its Azure and its
 * clusters: exactly what a platform team writes for real Azure and AKS, with
 * lab endpoints, the lab CAs and the clusters' read-only identity.
 */
export function portalConfigYaml(
  lab: Lab,
  paths: PortalConfigPaths,
  meshes: LabMesh[] = [],
): string {
  const config = {
    ciliumClusterMesh: {
      azure: {
        tenantId: lab.arm.tenantId,
        subscriptionId: lab.arm.subscriptionId,
        clientId: lab.arm.clientId,
        clientSecret: lab.arm.clientSecret,
        resourceManagerEndpoint: lab.arm.endpoint,
        authorityHost: lab.arm.endpoint,
        caFile: paths.armCaFile,
      },
      helm: { binary: paths.helmBinary },
      // The chart schemas the lab's helm validates against, so templates
      // offer exactly the chart versions the lab can install.
      cilium: { valuesSchemaDirectory: sharedReferencePath('cilium') },
      // The lab finishes Azure operations and propagates mesh changes in
      // milliseconds; Azure's defaults (15 s polls) would only add waiting.
      provisioning: {
        pollIntervalSeconds: 0.05,
        meshReadyPollSeconds: 0.5,
        loadBalancerTimeoutSeconds: 60,
        helmWaitTimeoutSeconds: 120,
      },
      // The clusters' clustermesh-apiserver addresses are private-range data
      // here; only configured loopback stand-ins may be dialled.
      status: { probeCertificates: 'configuredEndpoints' },
      ...(meshes.length > 0 && {
        meshes: meshes.map(mesh => labMeshConfig(lab, mesh)),
      }),
    },
  };
  return `# Written by \`lab start\` on every start; holds the lab's credentials (mode 0600).\n${stringify(
    config,
  )}`;
}

/** One `ciliumClusterMesh.meshes` entry reaching the lab's clusters with their read-only identity. */
export function labMeshConfig(lab: Lab, mesh: LabMesh) {
  return {
    name: mesh.name,
    title: mesh.title,
    clusters: mesh.clusters.map(({ aksName, ciliumName }) => {
      const server = lab.cluster(aksName);
      // The clustermesh-apiserver's data address is not routable here; its
      // loopback stand-in is what a backend in the VNet would dial.
      const apiserver = lab.mesh.cluster(aksName).apiserverLoopbackAddress;
      return {
        name: ciliumName,
        url: server.apiServerUrl,
        caData: Buffer.from(server.caPem).toString('base64'),
        authProvider: 'serviceAccount',
        serviceAccountToken: server.readOnlyToken,
        ...(apiserver && {
          clustermeshApiserverEndpoint: `${apiserver.host}:${apiserver.port}`,
        }),
      };
    }),
  };
}
