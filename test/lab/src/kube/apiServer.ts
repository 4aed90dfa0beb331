import { randomBytes } from 'node:crypto';
import { IncomingMessage, ServerResponse, STATUS_CODES } from 'node:http';
import { createServer, Server } from 'node:https';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { LabCluster, ManagedClusterSpec } from '../clusters';
import {
  allocateLoopbackAddress,
  closeServer,
  listenOnLoopback,
} from '../net/loopback';
import {
  createCertificateAuthority,
  issueCertificate,
  KeyPairPem,
} from '../pki/certificates';
import {
  AuthorizationAttributes,
  Authenticator,
  BearerAuthenticator,
  forbiddenError,
  isAllowed,
  MASTERS_GROUP,
  readOnlyRules,
} from './auth';
import { populateCluster, startNamespaceController } from './bootstrap';
import { ClusterObjects } from './clusterObjects';
import { ClusterControllers } from './controllers';
import { sendStatus } from './http';
import { buildKubeconfig } from './kubeconfig';
import { kubeletVersionOf, setNodesReady } from './nodes';
import { ResourceOperations } from './operations';
import { PodExecHandler, PodExecRegistry } from './podExec';
import { PodProxyHandler, PodProxyRegistry } from './podProxy';
import { runPodExec, streamExecResult } from './routes/exec';
import { RequestFailure, RequestFaults, RequestMatch } from './requestFaults';
import { parseRequestInfo, RequestInfo } from './requestInfo';
import { builtinResources } from './resources/builtin';
import {
  CustomResourceController,
  customResourceDefinitionOf,
  CustomResourceOptions,
} from './resources/customResourceDefinitions';
import { ResourceRegistry } from './resources/registry';
import { ServiceAllocator } from './resources/services';
import { ApiContext } from './routes/context';
import { serveNonResource } from './routes/discovery';
import { serveResource } from './routes/objects';
import { KubeApiError } from './status';
import { ObjectStore } from './store';
import { Identity } from './types';

export interface KubeApiServerOptions {
  /** Consulted for bearer tokens the server does not know, e.g. to accept Entra ID tokens. */
  authenticateBearer?: BearerAuthenticator;
  /** How many changes watches can resume across before getting 410 Expired. Default 1000. */
  watchHistorySize?: number;
  /** How long Azure takes to give a LoadBalancer Service its address. Default 1500 ms. */
  loadBalancerDelayMs?: number;
}

export interface TrafficRecord {
  /** `METHOD url` of every request, in arrival order. */
  requests: string[];
  /** New TLS connections. */
  readonly connections: number;
  stop(): void;
}

/** The identity behind readOnlyKubeconfig(). */
export const READ_ONLY_USER = 'reader';

interface Credentials {
  ca: KeyPairPem;
  server: KeyPairPem;
  admin: KeyPairPem;
  adminToken: string;
  readOnlyToken: string;
}

/**
 * One AKS cluster's Kubernetes API server: HTTPS on its own loopback address,
 * its own CA, client-certificate and bearer-token authentication, RBAC-style
 * authorization, and the object store behind it. The lab drives it through
 * `objects` and the fault hooks; plugins reach it only over HTTP.
 */
export class KubeApiServer implements LabCluster {
  readonly name: string;
  readonly caPem: string;
  /** The in-process API to this cluster's objects. */
  readonly objects: ClusterObjects;
  /** What makes workloads run: scheduler, kubelets, workload, EndpointSlice and load balancer controllers. */
  readonly controllers: ClusterControllers;
  private readonly registry: ResourceRegistry;
  private readonly operations: ResourceOperations;
  private readonly authenticator: Authenticator;
  private readonly customResources: CustomResourceController;
  private readonly podProxies = new PodProxyRegistry();
  private readonly podExecs = new PodExecRegistry();
  private readonly requestFaults = new RequestFaults();
  private readonly openWatches = new Set<() => void>();
  private readonly unsubscribers: (() => void)[] = [];
  private readonly server: Server;
  private port = 0;
  private latencyMs = 0;
  private reachable = true;
  private stopped = false;

  private constructor(
    readonly spec: ManagedClusterSpec,
    readonly host: string,
    private readonly credentials: Credentials,
    options: KubeApiServerOptions,
  ) {
    this.name = spec.name;
    this.caPem = credentials.ca.certPem;
    const store = new ObjectStore(options.watchHistorySize ?? 1000);
    const services = new ServiceAllocator(
      spec.networkProfile.serviceCidr ?? '10.0.0.0/16',
      () =>
        Array.from(
          store.values(this.registry.find('', 'v1', 'services')!),
          stored => stored.object,
        ),
    );
    this.registry = new ResourceRegistry(builtinResources(services));
    this.operations = new ResourceOperations(store, this.registry);
    this.objects = new ClusterObjects(this.operations);
    this.controllers = new ClusterControllers(this.objects, store, {
      spec,
      loadBalancerDelayMs: options.loadBalancerDelayMs ?? 1500,
    });
    this.customResources = new CustomResourceController(this.registry);
    this.unsubscribers.push(store.subscribe(this.customResources.handle));

    this.authenticator = new Authenticator(options.authenticateBearer);
    this.authenticator.addToken(credentials.adminToken, {
      user: 'masterclient',
      groups: [MASTERS_GROUP],
    });
    const reader: Identity = {
      user: READ_ONLY_USER,
      groups: [],
      rules: readOnlyRules(this.registry),
    };
    this.authenticator.addToken(credentials.readOnlyToken, reader);
    this.unsubscribers.push(
      this.registry.onChange(
        () => (reader.rules = readOnlyRules(this.registry)),
      ),
    );

    this.server = createServer(
      {
        key: credentials.server.keyPem,
        cert: credentials.server.certPem,
        ca: [credentials.ca.certPem],
        requestCert: true,
        rejectUnauthorized: false,
      },
      (request, response) => void this.handle(request, response),
    );
    // kube-apiserver keeps idle connections for 90 s (http.Server IdleTimeout
    // in k8s.io/apiserver), not Node's 5 s: clients polling every 30 s reuse them.
    this.server.keepAliveTimeout = 90_000;
    this.server.on(
      'upgrade',
      (request: IncomingMessage, socket: Duplex, head: Buffer) =>
        void this.handleUpgrade(request, socket, head),
    );
  }

  /** Creates the cluster's PKI, listens on a fresh loopback address and fills in a new AKS cluster's objects. */
  static async start(
    spec: ManagedClusterSpec,
    options: KubeApiServerOptions = {},
  ): Promise<KubeApiServer> {
    const host = allocateLoopbackAddress();
    const ca = await createCertificateAuthority('ca');
    const [server, admin] = await Promise.all([
      issueCertificate(ca, {
        commonName: 'apiserver',
        usage: 'server',
        subjectAltNames: [
          host,
          'localhost',
          'kubernetes',
          'kubernetes.default',
          'kubernetes.default.svc',
          'kubernetes.default.svc.cluster.local',
          spec.fqdn,
        ],
      }),
      issueCertificate(ca, {
        commonName: 'masterclient',
        organizations: [MASTERS_GROUP],
        usage: 'client',
      }),
    ]);
    const apiServer = new KubeApiServer(
      spec,
      host,
      {
        ca,
        server,
        admin,
        adminToken: randomBytes(32).toString('hex'),
        readOnlyToken: randomBytes(32).toString('hex'),
      },
      options,
    );
    await apiServer.listen();
    try {
      apiServer.unsubscribers.push(
        startNamespaceController(apiServer.objects, apiServer.caPem),
      );
      populateCluster(apiServer.objects, spec, { host, port: apiServer.port });
      apiServer.controllers.start();
    } catch (error) {
      await apiServer.stop();
      throw error;
    }
    return apiServer;
  }

  get apiServerUrl(): string {
    return `https://${this.host}:${this.port}`;
  }

  /** Like `az aks get-credentials --admin`: client certificate of masterclient in system:masters. */
  adminKubeconfig(): string {
    return buildKubeconfig({
      clusterName: this.name,
      server: this.apiServerUrl,
      caPem: this.caPem,
      userName: `clusterAdmin_${this.spec.resourceGroup}_${this.name}`,
      clientCertificatePem: this.credentials.admin.certPem,
      clientKeyPem: this.credentials.admin.keyPem,
      token: this.credentials.adminToken,
    });
  }

  /** The `reader` identity's bearer token, for configs that take a token rather than a kubeconfig. */
  get readOnlyToken(): string {
    return this.credentials.readOnlyToken;
  }

  /** Bearer token of the `reader` identity: get/list/watch all but Secrets, plus get on pods/proxy. */
  readOnlyKubeconfig(): string {
    return buildKubeconfig({
      clusterName: this.name,
      server: this.apiServerUrl,
      caPem: this.caPem,
      userName: `clusterReader_${this.spec.resourceGroup}_${this.name}`,
      token: this.credentials.readOnlyToken,
    });
  }

  /**
   * Records what reaches this server over the network from now on, as a
   * client's operator would see it in the API server's audit log: request
   * lines and new TLS connections.
   */
  recordTraffic(): TrafficRecord {
    const requests: string[] = [];
    let connections = 0;
    const onRequest = (request: IncomingMessage) =>
      requests.push(`${request.method} ${request.url}`);
    const onConnection = () => {
      connections++;
    };
    this.server.on('request', onRequest);
    this.server.on('secureConnection', onConnection);
    return {
      requests,
      get connections() {
        return connections;
      },
      stop: () => {
        this.server.off('request', onRequest);
        this.server.off('secureConnection', onConnection);
      },
    };
  }

  /** Lets requests with this bearer token act as `identity`. */
  addIdentity(token: string, identity: Identity): void {
    this.authenticator.addToken(token, identity);
  }

  /** Creates the CRD for a custom resource, which the server then serves at once. */
  registerCustomResource(options: CustomResourceOptions): void {
    const definition = customResourceDefinitionOf(options);
    if (options.validate) {
      this.customResources.setValidator(
        definition.metadata.name!,
        options.validate,
      );
    }
    this.objects.create(definition);
  }

  /** Makes `handler` answer `pods/{podName}:{port}/proxy/...`; returns a function that unregisters it. */
  registerPodProxy(
    namespace: string,
    podName: string,
    port: number,
    handler: PodProxyHandler,
  ): () => void {
    return this.podProxies.register(namespace, podName, port, handler);
  }

  /** Lets `handler` play the binaries of containers for `pods/exec`; returns a function that unregisters it. */
  registerPodExec(handler: PodExecHandler): () => void {
    return this.podExecs.register(handler);
  }

  /** Flips the nodes' Ready condition and not-ready taints, as happens once a CNI runs on them. */
  setNodesReady(ready: boolean, nodeNames?: string[]): void {
    setNodesReady(this.objects, ready, nodeNames);
  }

  /** While unreachable the server refuses connections and drops open ones, like an API server that is down. */
  async setReachable(reachable: boolean): Promise<void> {
    if (this.stopped || reachable === this.reachable) return;
    this.reachable = reachable;
    if (reachable) {
      await listenOnLoopback(this.server, this.host, this.port);
    } else {
      this.closeWatches();
      await closeServer(this.server);
    }
  }

  /**
   * Answers the next `count` HTTP requests matching `match` with `failure`
   * (by default etcd's 500 `etcdserver: request timed out`) without
   * carrying them out. Requests from inside the lab are not affected.
   */
  failNextRequests(
    match: RequestMatch,
    count: number,
    failure?: RequestFailure,
  ): void {
    this.requestFaults.arm(match, count, failure);
  }

  /** Delays every request by this much before it is handled. */
  setLatency(milliseconds: number): void {
    this.latencyMs = milliseconds;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.controllers.stop();
    for (const stop of this.unsubscribers) stop();
    this.closeWatches();
    await closeServer(this.server);
  }

  get isRunning(): boolean {
    return !this.stopped;
  }

  private async listen(): Promise<void> {
    const { port } = await listenOnLoopback(this.server, this.host, this.port);
    this.port = port;
  }

  private closeWatches(): void {
    for (const close of [...this.openWatches]) close();
  }

  private get context(): ApiContext {
    return {
      operations: this.operations,
      podProxies: this.podProxies,
      podExecs: this.podExecs,
      openWatches: this.openWatches,
      gitVersion: kubeletVersionOf(this.spec.kubernetesVersion),
      serverAddress: `${this.host}:${this.port}`,
    };
  }

  /** Latency, authentication and authorization: what every request goes through first. */
  private async admit(request: IncomingMessage): Promise<RequestInfo> {
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    const identity = await this.authenticator.authenticate(request);
    if (!identity) throw KubeApiError.unauthorized();
    const info = parseRequestInfo(
      request.method ?? 'GET',
      new URL(request.url ?? '/', 'https://apiserver.invalid'),
    );
    const attributes = attributesOf(info);
    if (!isAllowed(identity, attributes)) {
      throw forbiddenError(identity, attributes);
    }
    return info;
  }

  /** WebSocket upgrades: `pods/exec`, as client-node and kubectl stream it. */
  private async handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
  ): Promise<void> {
    try {
      const info = await this.admit(request);
      if (info.kind !== 'resource' || info.subresource !== 'exec') {
        throw KubeApiError.badRequest(
          'the lab upgrades connections for pods/exec only',
        );
      }
      streamExecResult(request, socket, head, runPodExec(this.context, info));
    } catch (error) {
      const status =
        error instanceof KubeApiError
          ? error.status
          : KubeApiError.internal((error as Error).message).status;
      const body = JSON.stringify(status);
      socket.end(
        `HTTP/1.1 ${status.code} ${
          STATUS_CODES[status.code]
        }\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(
          body,
        )}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
  }

  private async handle(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<void> {
    try {
      const info = await this.admit(request);
      if (info.kind === 'nonResource') {
        serveNonResource(this.context, info, response);
        return;
      }
      const failure = await this.requestFaults.take(info, request);
      if (failure) {
        sendStatus(response, failure);
        return;
      }
      await serveResource(this.context, info, request, response);
    } catch (error) {
      const status =
        error instanceof KubeApiError
          ? error.status
          : KubeApiError.internal((error as Error).message).status;
      if (!response.headersSent) sendStatus(response, status);
      else response.destroy();
    }
  }
}

function attributesOf(info: RequestInfo): AuthorizationAttributes {
  if (info.kind === 'nonResource') {
    return { kind: 'nonResource', verb: info.verb, path: info.path };
  }
  // Exec needs `create` whatever the HTTP method, as websocket exec does since Kubernetes 1.31.
  const verb = info.subresource === 'exec' ? 'create' : info.verb;
  return {
    kind: 'resource',
    verb,
    apiGroup: info.apiGroup,
    resource: info.resource,
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.name,
  };
}
