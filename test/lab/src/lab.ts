import { ArmEmulator, ArmEmulatorOptions } from './arm';
import { ClusterFactory } from './clusters';
import { MeshRuntime, MeshRuntimeOptions } from './cilium/mesh/meshRuntime';
import {
  createKubeClusterFactory,
  KubeApiServer,
  KubeClusterFactory,
} from './kube';
import { LabFaults } from './faults';

/** The AKS Entra server application every AKS cluster's API server trusts. */
export const AKS_SERVER_APP_SCOPE =
  '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

export interface LabOptions extends Omit<ArmEmulatorOptions, 'clusterFactory'> {
  /** Cilium ClusterMesh behaviour, e.g. a short propagation delay for tests. */
  mesh?: MeshRuntimeOptions;
  /** How long Azure takes to give a LoadBalancer Service its address. Default 1500 ms. */
  loadBalancerDelayMs?: number;
}

/**
 * Azure and every cluster it creates, wired like the real thing: ARM brings
 * up a Kubernetes API server per managed cluster, and those API servers accept
 * Entra ID tokens the lab's tenant issues for the AKS server app, as AKS
 * clusters with Azure RBAC do for an identity holding the cluster-admin role.
 * Whatever Cilium the clusters get through Helm joins one ClusterMesh runtime.
 */
export class Lab {
  readonly faults: LabFaults;

  private constructor(
    readonly arm: ArmEmulator,
    readonly mesh: MeshRuntime,
    private readonly clusterFactory: KubeClusterFactory,
  ) {
    this.faults = new LabFaults(this);
  }

  static async start(options: LabOptions = {}): Promise<Lab> {
    const { mesh: meshOptions, loadBalancerDelayMs, ...armOptions } = options;
    let arm: ArmEmulator | undefined = undefined;
    const kubeFactory = createKubeClusterFactory({
      loadBalancerDelayMs,
      authenticateBearer: async token => {
        const claims = arm?.verifyToken(token, AKS_SERVER_APP_SCOPE);
        return claims
          ? { user: claims.oid, groups: ['system:masters'] }
          : undefined;
      },
    });
    const mesh = new MeshRuntime(meshOptions);
    const clusterFactory: ClusterFactory = {
      async create(spec) {
        const server = await kubeFactory.create(spec);
        mesh.attach(server);
        return server;
      },
    };
    arm = new ArmEmulator({ ...armOptions, clusterFactory });
    await arm.start();
    return new Lab(arm, mesh, kubeFactory);
  }

  /** The running API servers of the managed clusters ARM has created. */
  clusters(): KubeApiServer[] {
    return this.clusterFactory.clusters();
  }

  cluster(name: string): KubeApiServer {
    const cluster = this.clusters().find(c => c.name === name);
    if (!cluster) {
      throw new Error(`The lab has no running cluster named ${name}`);
    }
    return cluster;
  }

  async stop(): Promise<void> {
    await this.mesh.stop();
    await this.arm.stop();
    await this.clusterFactory.stop();
  }
}
