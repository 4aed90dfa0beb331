import { randomBytes, randomUUID } from 'node:crypto';
import { Server, createServer } from 'node:https';
import { ClusterFactory } from '../clusters';
import {
  allocateLoopbackAddress,
  closeServer,
  listenOnLoopback,
} from '../net/loopback';
import {
  createCertificateAuthority,
  issueCertificate,
} from '../pki/certificates';
import { AccessTokenClaims, EntraTenant } from './entra';
import { Faults, OperationTiming } from './faults';
import { Router } from './http';
import { createSigningKey } from './jwt';
import { ManagedClusters } from './managedClusters';
import { Network } from './network/network';
import { NETWORK_OPERATIONS } from './network/networkOperations';
import {
  CONTAINER_SERVICE_OPERATIONS,
  registerOperationRoutes,
} from './operationRoutes';
import { OperationRegistry } from './operations';
import { ResourceGroups } from './resourceGroups';
import { createRequestListener } from './server';

export interface ArmEmulatorOptions {
  /** Starts a cluster's API server when a managed-cluster create completes. */
  clusterFactory: ClusterFactory;
  /** Loopback address to listen on; a fresh 127.21.x.y by default. */
  host?: string;
  tenantId?: string;
  subscriptionId?: string;
  clientId?: string;
  clientSecret?: string;
  /** How long operations run; by default they end on their first poll. */
  operationTiming?: Partial<OperationTiming>;
  tokenLifetimeSeconds?: number;
  /**
   * GETs of a newly provisioned virtual hub that still report
   * `routingState: Provisioning` before it turns `Provisioned`; 2 by default.
   */
  virtualHubRoutingGets?: number;
}

interface RunningState {
  server: Server;
  endpoint: string;
  caPem: string;
  tenant: EntraTenant;
  operations: OperationRegistry;
  managedClusters: ManagedClusters;
}

/**
 * Azure Resource Manager (resource groups, AKS managed clusters and the
 * Microsoft.Network resources of the seed topology) and Entra ID for the lab,
 * on one HTTPS loopback endpoint with its own CA. Point the unmodified Azure SDK at it with
 * `endpoint`, `authorityHost` and `tlsOptions: { ca: caPem }`.
 */
export class ArmEmulator {
  readonly tenantId: string;
  readonly subscriptionId: string;
  /** The lab's service principal: the only app registration of the tenant. */
  readonly clientId: string;
  readonly clientSecret: string;
  private readonly faults: Faults;
  private running?: RunningState;

  constructor(private readonly options: ArmEmulatorOptions) {
    this.tenantId = options.tenantId ?? randomUUID();
    this.subscriptionId = options.subscriptionId ?? randomUUID();
    this.clientId = options.clientId ?? randomUUID();
    this.clientSecret =
      options.clientSecret ?? randomBytes(30).toString('base64url');
    this.faults = new Faults({
      polls: 1,
      durationMs: 0,
      ...options.operationTiming,
    });
  }

  /** `https://127.x.y.z:port`: ARM endpoint and Entra authority host alike. */
  get endpoint(): string {
    return this.requireRunning().endpoint;
  }

  /** PEM of the CA that signed the emulator's certificate; clients must trust it. */
  get caPem(): string {
    return this.requireRunning().caPem;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const host = this.options.host ?? allocateLoopbackAddress();
    const ca = await createCertificateAuthority(
      'lab Azure Resource Manager CA',
    );
    const certificate = await issueCertificate(ca, {
      commonName: host,
      subjectAltNames: [host, 'localhost'],
      usage: 'server',
    });
    const signingKey = await createSigningKey();
    const server = createServer({
      cert: certificate.certPem,
      key: certificate.keyPem,
    });
    const { port } = await listenOnLoopback(server, host);
    const endpoint = `https://${host}:${port}`;

    const tenant = new EntraTenant({
      authorityHost: endpoint,
      tenantId: this.tenantId,
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      servicePrincipalObjectId: randomUUID(),
      signingKey,
      tokenLifetimeSeconds: this.options.tokenLifetimeSeconds ?? 3599,
    });
    const operations = new OperationRegistry(this.faults);
    const context = {
      endpoint,
      subscriptionId: this.subscriptionId,
      tenantId: this.tenantId,
      operations,
    };
    const resourceGroups = new ResourceGroups(context);
    const network = new Network(context, resourceGroups, {
      virtualHubRoutingGets: this.options.virtualHubRoutingGets ?? 2,
    });
    const managedClusters = new ManagedClusters(
      context,
      resourceGroups,
      this.options.clusterFactory,
      network.state,
    );
    network.state.onSubnetUsers(subnetId =>
      managedClusters.clustersUsingSubnet(subnetId),
    );
    resourceGroups.onDelete(group => managedClusters.deleteAllIn(group));
    resourceGroups.onDelete(group => network.state.deleteAllIn(group));

    const entraRoutes = new Router();
    tenant.registerRoutes(entraRoutes);
    const armRoutes = new Router();
    resourceGroups.registerRoutes(armRoutes);
    managedClusters.registerRoutes(armRoutes);
    network.registerRoutes(armRoutes);
    registerOperationRoutes(armRoutes, context, CONTAINER_SERVICE_OPERATIONS);
    registerOperationRoutes(armRoutes, context, NETWORK_OPERATIONS);
    server.on(
      'request',
      createRequestListener({
        origin: endpoint,
        subscriptionId: this.subscriptionId,
        tenant,
        faults: this.faults,
        entraRoutes,
        armRoutes,
      }),
    );
    this.running = {
      server,
      endpoint,
      caPem: ca.certPem,
      tenant,
      operations,
      managedClusters,
    };
  }

  /** Stops the server and every lab cluster it created. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    await closeServer(running.server);
    await running.managedClusters.stopAll();
    // Provisioning still under way stops the clusters it creates from now on.
    await running.operations.idle();
  }

  /**
   * Claims of a valid token the emulator's Entra ID issued for `scope`
   * (e.g. `6dae42f8-4368-4678-94ff-3960e28e3630/.default` for AKS), else undefined.
   */
  verifyToken(token: string, scope: string): AccessTokenClaims | undefined {
    return this.requireRunning().tenant.verifyToken(token, scope);
  }

  /** The next `count` operations (on `resourceName` only, when given) end Failed with this error. */
  failNextOperations(
    count: number,
    error: { code: string; message: string },
    resourceName?: string,
  ): void {
    this.faults.failNextOperations(count, error, resourceName);
  }

  /** The next `count` operations end Canceled. */
  cancelNextOperations(count: number): void {
    this.faults.cancelNextOperations(count);
  }

  /** Timing of operations started from now on. */
  setOperationTiming(timing: Partial<OperationTiming>): void {
    this.faults.setOperationTiming(timing);
  }

  /** The next `count` ARM requests get 429 TooManyRequests with `Retry-After`. */
  throttleNextRequests(count: number, retryAfterSeconds = 1): void {
    this.faults.throttleNextRequests(count, retryAfterSeconds);
  }

  private requireRunning(): RunningState {
    if (!this.running)
      throw new Error('The ARM emulator is not running; call start() first');
    return this.running;
  }
}
