import { parseClusterMeshMetricsBody } from '@meshportal/plugin-cilium-clustermesh-common';
import path from 'node:path';
import { MetricsParserThreads } from './metricsParser';

jest.setTimeout(60_000);

/** An agent's scrape as Cilium 1.19+ writes it, one readiness and node count per peer. */
function agentScrape(peers: string[], ready: (peer: string) => boolean) {
  const family = (name: string, value: (peer: string) => number) =>
    `# TYPE cilium_clustermesh_remote_cluster_${name} gauge\n${peers
      .map(
        peer =>
          `cilium_clustermesh_remote_cluster_${name}{target_cluster="${peer}"} ${value(
            peer,
          )}\n`,
      )
      .join('')}`;
  const version =
    'cilium_version{arch="amd64",revision="x",version="1.19.1"} 0\n';
  return new TextEncoder().encode(
    [
      family('readiness_status', peer => (ready(peer) ? 1 : 0)),
      family('nodes', peer => peer.length),
      version,
    ].join(''),
  );
}

const peersOf = (index: number) =>
  Array.from({ length: 1 + (index % 7) }, (_, peer) => `c${index}-p${peer}`);

describe('MetricsParserThreads', () => {
  const pools: MetricsParserThreads[] = [];
  const pool = (
    options: ConstructorParameters<typeof MetricsParserThreads>[0],
  ) => {
    const created = new MetricsParserThreads(options);
    pools.push(created);
    return created;
  };
  afterEach(async () => {
    await Promise.all(pools.splice(0).map(created => created.close()));
  });

  it('answers each scrape with its own peers, as the event loop would, across threads', async () => {
    const warnings: string[] = [];
    const threads = pool({
      threads: 2,
      logger: { warn: message => warnings.push(message) },
    });
    const scrapes = Array.from({ length: 40 }, (_, index) =>
      agentScrape(peersOf(index), peer => peer.endsWith('0')),
    );
    const answers = await Promise.all(
      scrapes.map(scrape => threads.parse(scrape, 'agent')),
    );
    expect(answers).toEqual(
      scrapes.map(scrape => parseClusterMeshMetricsBody(scrape, 'agent')),
    );
    expect(answers[3].peers.map(peer => peer.cluster)).toEqual(peersOf(3));
    expect(answers[3].version).toBe('1.19.1');
    expect(warnings).toEqual([]);
    // Once a thread runs, scrapes move to it instead of being copied.
    const later = agentScrape(peersOf(5), () => true);
    expect((await threads.parse(later, 'agent')).peers).toHaveLength(6);
    expect(later.byteLength).toBe(0);
  });

  it('fails only the scrapes a dying thread held and starts a new one for the next', async () => {
    const threads = pool({
      threads: 1,
      parserModule: path.join(__dirname, '__testUtils__/exitingParser.ts'),
    });
    // Each call gets its own scrape: a running thread takes it over.
    const scrape = () => agentScrape(['peer-a'], () => true);
    expect((await threads.parse(scrape(), 'agent')).peers).toHaveLength(1);
    await expect(threads.parse(scrape(), 'kvstoremesh')).rejects.toThrow(
      'metrics parser thread exited with code 3',
    );
    const again = await threads.parse(scrape(), 'agent');
    expect(again.peers).toEqual([
      { cluster: 'peer-a', ready: true, failures: 0, nodes: 6 },
    ]);
  });

  it('parses on the event loop, with a warning, when threads cannot load the parser', async () => {
    const warnings: string[] = [];
    const threads = pool({
      threads: 2,
      parserModule: path.join(__dirname, '__testUtils__/no-such-parser.js'),
      logger: { warn: message => warnings.push(message) },
    });
    const scrape = () =>
      agentScrape(['peer-a', 'peer-b'], peer => peer === 'peer-b');
    const answer = await threads.parse(scrape(), 'agent');
    expect(answer.peers.map(peer => [peer.cluster, peer.ready])).toEqual([
      ['peer-a', false],
      ['peer-b', true],
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Metrics parser threads could not start \(Cannot find module .*no-such-parser\.js.*\); parsing on the event loop instead$/s,
      ),
    ]);
    expect((await threads.parse(scrape(), 'agent')).peers).toHaveLength(2);
    expect(warnings).toHaveLength(1);
  });

  it('parses on the event loop once closed', async () => {
    const threads = pool({ threads: 1 });
    const scrape = () => agentScrape(['peer-a'], () => false);
    await threads.parse(scrape(), 'agent');
    await threads.close();
    expect((await threads.parse(scrape(), 'agent')).peers).toEqual([
      { cluster: 'peer-a', ready: false, failures: 0, nodes: 6 },
    ]);
  });
});
