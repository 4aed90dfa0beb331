export interface CiliumVersion {
  major: number;
  minor: number;
  patch: number;
}

const VERSION_PATTERN = /^v?(\d+)\.(\d+)(?:\.(\d+))?/;

/** Reads `1.20.0`, `v1.19.3` or `1.20.0-pre.4`; undefined for anything else. */
export function parseCiliumVersion(
  text: string | undefined,
): CiliumVersion | undefined {
  const match = text ? VERSION_PATTERN.exec(text.trim()) : null;
  if (!match) {
    return undefined;
  }
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3] ?? 0),
  };
}

/** Whether `text` is at least `major.minor`; false when it cannot be read. */
export function isAtLeast(
  text: string | undefined,
  major: number,
  minor: number,
): boolean {
  const version = parseCiliumVersion(text);
  if (!version) {
    return false;
  }
  return (
    version.major > major || (version.major === major && version.minor >= minor)
  );
}
