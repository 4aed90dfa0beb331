import { ResourceType } from './resourceType';

export interface ApiGroupVersions {
  group: string;
  versions: string[];
}

/** The resources one API server serves; custom resources come and go at runtime. */
export class ResourceRegistry {
  private readonly byPath = new Map<string, ResourceType>();
  private readonly byKind = new Map<string, ResourceType>();
  private readonly listeners = new Set<() => void>();

  constructor(initial: Iterable<ResourceType> = []) {
    for (const resource of initial) this.add(resource);
  }

  add(resource: ResourceType): void {
    this.byPath.set(
      pathKey(resource.group, resource.version, resource.plural),
      resource,
    );
    this.byKind.set(`${resource.apiVersion}|${resource.kind}`, resource);
    this.notify();
  }

  remove(resource: ResourceType): void {
    this.byPath.delete(
      pathKey(resource.group, resource.version, resource.plural),
    );
    this.byKind.delete(`${resource.apiVersion}|${resource.kind}`);
    this.notify();
  }

  find(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.byPath.get(pathKey(group, version, plural));
  }

  findByKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byKind.get(`${apiVersion}|${kind}`);
  }

  all(): ResourceType[] {
    return [...this.byPath.values()];
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all().filter(
      resource => resource.group === group && resource.version === version,
    );
  }

  /** Named groups (not the legacy core group) with their versions, in registration order. */
  groups(): ApiGroupVersions[] {
    const groups = new Map<string, string[]>();
    for (const { group, version } of this.byPath.values()) {
      if (!group) continue;
      const versions = groups.get(group) ?? [];
      if (!versions.includes(version)) versions.push(version);
      groups.set(group, versions);
    }
    return [...groups].map(([group, versions]) => ({ group, versions }));
  }

  /** Called after every add or remove, e.g. to refresh role rules that enumerate resources. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

function pathKey(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}
