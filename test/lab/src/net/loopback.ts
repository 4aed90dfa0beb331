import { Server } from 'node:net';

/**
 * Every lab endpoint gets its own loopback address (127.21.x.y), the way each
 * real cluster, load balancer and ARM has its own IP. Linux routes all of
 * 127.0.0.0/8 to the loopback interface, so nothing here leaves the machine.
 */
let nextHostIndex = 10;

export function allocateLoopbackAddress(): string {
  const index = nextHostIndex++;
  const third = Math.floor(index / 250) % 250;
  const fourth = (index % 250) + 2;
  return `127.21.${third}.${fourth}`;
}

export function isLoopbackAddress(address: string): boolean {
  return (
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) ||
    address === '::1' ||
    address === 'localhost'
  );
}

/** Listens on a loopback address (a fresh one unless given) and a free port. */
export async function listenOnLoopback(
  server: Server,
  host: string = allocateLoopbackAddress(),
  port = 0,
): Promise<{ host: string; port: number }> {
  if (!isLoopbackAddress(host)) {
    throw new Error(`The lab only listens on loopback addresses, not ${host}`);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') {
    throw new Error('server has no TCP address');
  }
  return { host, port: address.port };
}

export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  await new Promise<void>(resolve => {
    server.close(() => resolve());
    (
      server as Server & { closeAllConnections?: () => void }
    ).closeAllConnections?.();
  });
}
