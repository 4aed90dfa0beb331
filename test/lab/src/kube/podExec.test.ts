import { CoreV1Api, Exec, KubeConfig, V1Status } from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import { rawRequest, startTestCluster, TestCluster } from './testCluster';

// Each test builds clusters through ARM, helm and the Kubernetes API: slow on a busy CI machine.
jest.setTimeout(60_000);

function collector(): { sink: Writable; text: () => string } {
  let text = '';
  return {
    sink: new Writable({
      write(chunk, _encoding, done) {
        text += chunk.toString();
        done();
      },
    }),
    text: () => text,
  };
}

async function exec(
  config: KubeConfig,
  pod: string,
  container: string,
  command: string[],
): Promise<{ status: V1Status; stdout: string; stderr: string }> {
  const stdout = collector();
  const stderr = collector();
  const status = await new Promise<V1Status>((resolve, reject) => {
    new Exec(config)
      .exec(
        'default',
        pod,
        container,
        command,
        stdout.sink,
        stderr.sink,
        null,
        false,
        resolve,
      )
      .catch(reject);
  });
  return { status, stdout: stdout.text(), stderr: stderr.text() };
}

describe('pods/exec over WebSocket', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startTestCluster();
    const node = cluster.server.objects.list({
      apiVersion: 'v1',
      kind: 'Node',
    })[0];
    // A host-network pod runs even before any CNI.
    await cluster.admin.makeApiClient(CoreV1Api).createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'tools' },
        spec: {
          nodeName: node.metadata.name,
          hostNetwork: true,
          tolerations: [{ operator: 'Exists' }],
          containers: [
            { name: 'shell', image: 'busybox' },
            { name: 'sidecar', image: 'busybox' },
          ],
        },
      },
    });
    await cluster.server.controllers.whenIdle();
    cluster.server.registerPodExec(({ pod, container, command }) =>
      pod.metadata.name === 'tools' &&
      container === 'shell' &&
      command[0] === 'echo'
        ? { stdout: `${command.slice(1).join(' ')}\n`, exitCode: 0 }
        : undefined,
    );
  });

  afterAll(() => cluster.server.stop());

  it('streams stdout and a Success status', async () => {
    expect(
      await exec(cluster.admin, 'tools', 'shell', ['echo', 'hello', 'mesh']),
    ).toEqual({
      status: { metadata: {}, status: 'Success' },
      stdout: 'hello mesh\n',
      stderr: '',
    });
  });

  it('reports a binary the container lacks as containerd does, with its exit code', async () => {
    const result = await exec(cluster.admin, 'tools', 'sidecar', [
      'cilium-dbg',
      'status',
    ]);
    expect(result.stderr).toContain(
      'exec: "cilium-dbg": executable file not found in $PATH',
    );
    expect(result.status).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '126' }] },
    });
  });

  it.each([
    [
      'a container the pod does not have',
      'nope',
      'container nope is not valid for pod tools',
    ],
  ])('refuses %s before upgrading', async (_case, container, message) => {
    await expect(
      exec(cluster.admin, 'tools', container, ['echo']),
    ).rejects.toMatchObject({
      message: 'Unexpected server response: 400',
    });
    const response = await fetchStatus(
      cluster,
      `/api/v1/namespaces/default/pods/tools/exec?container=${container}&command=echo`,
    );
    expect(response).toMatchObject({ code: 400, message });
  });

  it('needs a container name when the pod has several', async () => {
    expect(
      await fetchStatus(
        cluster,
        '/api/v1/namespaces/default/pods/tools/exec?command=echo',
      ),
    ).toMatchObject({
      code: 400,
      message:
        'a container name must be specified for pod tools, choose one of: [shell sidecar]',
    });
  });
});

/** The Status the server sends when it refuses the upgrade, read after a raw WebSocket handshake. */
async function fetchStatus(
  cluster: TestCluster,
  path: string,
): Promise<Record<string, unknown>> {
  const response = await rawRequest(cluster.server, path, {
    kubeConfig: cluster.admin,
    headers: {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': Buffer.from('0123456789abcdef').toString('base64'),
      'sec-websocket-protocol': 'v4.channel.k8s.io',
    },
  });
  return JSON.parse(response.text);
}
