import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { isJsonObject } from '../json';
import { ExecResult } from '../podExec';
import { ResourceRequest } from '../requestInfo';
import { KubeApiError } from '../status';
import { ApiContext } from './context';

/** The stream protocol the lab speaks; client-node and kubectl both offer it. */
const CHANNEL_PROTOCOL = 'v4.channel.k8s.io';
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;

const sockets = new WebSocketServer({
  noServer: true,
  handleProtocols: protocols =>
    protocols.has(CHANNEL_PROTOCOL) ? CHANNEL_PROTOCOL : false,
});

/** Runs the command `pods/{name}/exec` asks for, after the checks the real API server makes. */
export function runPodExec(
  context: ApiContext,
  info: ResourceRequest,
): ExecResult {
  const pods = context.operations.registry.find('', 'v1', 'pods')!;
  const pod = context.operations.get(pods, info.namespace, info.name!).object;
  const containers = (
    isJsonObject(pod.spec) && Array.isArray(pod.spec.containers)
      ? pod.spec.containers
      : []
  )
    .filter(isJsonObject)
    .map(container => String(container.name));
  const command = info.query.getAll('command');
  if (command.length === 0) {
    throw KubeApiError.badRequest('you must specify at least 1 command');
  }
  let container = info.query.get('container') ?? undefined;
  if (!container) {
    if (containers.length !== 1) {
      throw KubeApiError.badRequest(
        `a container name must be specified for pod ${
          info.name
        }, choose one of: [${containers.join(' ')}]`,
      );
    }
    container = containers[0];
  }
  if (!containers.includes(container)) {
    throw KubeApiError.badRequest(
      `container ${container} is not valid for pod ${info.name}`,
    );
  }
  const phase = isJsonObject(pod.status) ? pod.status.phase : undefined;
  if (phase !== 'Running') {
    throw KubeApiError.badRequest(
      `unable to upgrade connection: container not found ("${container}")`,
    );
  }
  return context.podExecs.run({ pod, container, command });
}

/** Answers the WebSocket upgrade with the command's output on the v4 channels, then its status. */
export function streamExecResult(
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  result: ExecResult,
): void {
  sockets.handleUpgrade(request, socket, head, ws => {
    const frame = (channel: number, text: string) =>
      ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(text)]));
    if (result.stdout) frame(STDOUT, result.stdout);
    if (result.stderr) frame(STDERR, result.stderr);
    frame(ERROR, JSON.stringify(exitStatus(result.exitCode)));
    ws.close(1000);
  });
}

function exitStatus(exitCode: number) {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command, exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}
