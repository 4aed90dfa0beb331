import { CoreV1Api } from '@kubernetes/client-node';
import { PodProxyRequest } from './podProxy';
import {
  rawRequest,
  startTestCluster,
  statusOf,
  TestCluster,
} from './testCluster';

describe('the pod proxy', () => {
  let cluster: TestCluster;
  let core: CoreV1Api;
  const requests: PodProxyRequest[] = [];

  beforeAll(async () => {
    cluster = await startTestCluster();
    core = cluster.admin.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({
      namespace: 'kube-system',
      body: {
        metadata: { name: 'cilium-abcde' },
        spec: {
          containers: [
            {
              name: 'cilium-agent',
              image: 'cilium',
              ports: [{ containerPort: 9962, name: 'prometheus' }],
            },
          ],
        },
      },
    });
    cluster.server.registerPodProxy(
      'kube-system',
      'cilium-abcde',
      9962,
      request => {
        requests.push(request);
        return {
          status: 200,
          body: { path: request.path, query: request.query.get('verbose') },
        };
      },
    );
    cluster.server.registerPodProxy(
      'kube-system',
      'cilium-abcde',
      9879,
      () => ({
        status: 200,
        headers: { 'Content-Type': 'text/plain' },
        body: 'OK',
      }),
    );
  });

  afterAll(() => cluster.server.stop());

  it('forwards to the default port (the first container port) with the path', async () => {
    const answer = await core.connectGetNamespacedPodProxyWithPath({
      name: 'cilium-abcde',
      namespace: 'kube-system',
      path: 'v1/healthz',
    });
    // client-node parses the JSON the pod answered with.
    expect(answer).toEqual({ path: '/v1/healthz', query: null });
    expect(requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/v1/healthz',
    });
    expect(requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('forwards to a named port with the name:port form, any method, query and body', async () => {
    const health = await core.connectGetNamespacedPodProxyWithPath({
      name: 'cilium-abcde:9879',
      namespace: 'kube-system',
      path: 'healthz',
    });
    expect(health).toBe('OK');
    const posted = await rawRequest(
      cluster.server,
      '/api/v1/namespaces/kube-system/pods/cilium-abcde:9962/proxy/metrics?verbose=1',
      {
        kubeConfig: cluster.admin,
        method: 'POST',
        body: 'ping',
      },
    );
    expect(posted.status).toBe(200);
    expect(JSON.parse(posted.text)).toEqual({ path: '/metrics', query: '1' });
    expect(requests.at(-1)!.method).toBe('POST');
    expect(requests.at(-1)!.body.toString()).toBe('ping');
  });

  it('answers 503 when nothing listens on the port', async () => {
    const error = await core
      .connectGetNamespacedPodProxyWithPath({
        name: 'cilium-abcde:4240',
        namespace: 'kube-system',
        path: 'hello',
      })
      .catch(caught => caught);
    expect(statusOf(error)).toMatchObject({
      code: 503,
      reason: 'ServiceUnavailable',
      message: expect.stringMatching(
        /^error trying to reach service: dial tcp .*:4240: connect: connection refused$/,
      ),
    });
  });

  it('answers 404 when the pod does not exist', async () => {
    cluster.server.registerPodProxy('kube-system', 'ghost', 80, () => ({
      status: 200,
    }));
    const error = await core
      .connectGetNamespacedPodProxyWithPath({
        name: 'ghost',
        namespace: 'kube-system',
        path: 'x',
      })
      .catch(caught => caught);
    expect(statusOf(error)).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'pods "ghost" not found',
    });
  });
});
