import { stringify } from 'yaml';
import { ParsedCommand } from '../args';
import { HelmError } from '../errors';
import { connect } from '../kube';
import { Release, ReleaseStore } from '../releases';
import { printRelease } from './output';

function releaseName(parsed: ParsedCommand): string {
  const [name] = parsed.positionals;
  if (!name || parsed.positionals.length > 1) {
    throw new HelmError(
      `"helm ${parsed.command.join(' ')}" requires 1 argument`,
    );
  }
  return name;
}

async function loadRelease(
  parsed: ParsedCommand,
  name: string,
): Promise<Release> {
  const revisions = await new ReleaseStore(
    connect(parsed.flags),
    parsed.flags.namespace,
  ).history(name);
  const wanted = parsed.flags.revision;
  const release =
    wanted === undefined
      ? revisions[revisions.length - 1]
      : revisions.find(r => r.version === wanted);
  if (
    !release ||
    (wanted === undefined && release.info.status === 'uninstalled')
  ) {
    throw new HelmError('release: not found');
  }
  return release;
}

export async function getValues(
  parsed: ParsedCommand,
  out: (text: string) => void,
) {
  const release = await loadRelease(parsed, releaseName(parsed));
  const values = parsed.flags.all
    ? { ...release.chart.values, ...release.config }
    : release.config;
  if (parsed.flags.output === 'json') out(JSON.stringify(values));
  else if (parsed.flags.output === 'yaml') out(stringify(values).trimEnd());
  else
    out(
      `${parsed.flags.all ? 'COMPUTED' : 'USER-SUPPLIED'} VALUES:\n${stringify(
        values,
      ).trimEnd()}`,
    );
}

export async function status(
  parsed: ParsedCommand,
  out: (text: string) => void,
) {
  printRelease(
    await loadRelease(parsed, releaseName(parsed)),
    parsed.flags.output,
    out,
  );
}

export async function history(
  parsed: ParsedCommand,
  out: (text: string) => void,
) {
  const name = releaseName(parsed);
  const revisions = await new ReleaseStore(
    connect(parsed.flags),
    parsed.flags.namespace,
  ).history(name);
  if (revisions.length === 0) throw new HelmError('release: not found');
  const rows = revisions.map(r => ({
    revision: r.version,
    updated: r.info.last_deployed,
    status: r.info.status,
    chart: `${r.chart.metadata.name}-${r.chart.metadata.version}`,
    app_version: r.chart.metadata.appVersion,
    description: r.info.description,
  }));
  if (parsed.flags.output === 'json') out(JSON.stringify(rows));
  else if (parsed.flags.output === 'yaml') out(stringify(rows).trimEnd());
  else {
    out(
      [
        'REVISION\tUPDATED\tSTATUS\tCHART\tAPP VERSION\tDESCRIPTION',
        ...rows.map(r =>
          [
            r.revision,
            r.updated,
            r.status,
            r.chart,
            r.app_version,
            r.description,
          ].join('\t'),
        ),
      ].join('\n'),
    );
  }
}

export async function uninstall(
  parsed: ParsedCommand,
  out: (text: string) => void,
) {
  const name = releaseName(parsed);
  const store = new ReleaseStore(connect(parsed.flags), parsed.flags.namespace);
  const revisions = await store.history(name);
  if (revisions.length === 0) {
    throw new HelmError(
      `uninstall: Release not loaded: ${name}: release: not found`,
    );
  }
  for (const revision of revisions) {
    await store.delete(revision);
  }
  out(`release "${name}" uninstalled`);
}
