import semver from 'semver';

interface EnvironmentVersion {
  name: string;
  current: { version: string } | null;
}

/**
 * Drift in words, for people: each environment compared with the one before it (in order,
 * development → production) that runs something, and the newest release if it runs nowhere.
 * "production is 3 releases behind staging", "2.4.0 is released and deployed nowhere".
 */
export function describeDrift(
  environments: readonly EnvironmentVersion[],
  releases: ReadonlyArray<{ version: string; deployedTo: readonly string[] }>,
): string[] {
  const sentences: string[] = [];
  const running = environments.filter(environment => environment.current);
  for (let index = 1; index < running.length; index++) {
    const earlier = running[index - 1]!;
    const later = running[index]!;
    const ahead = earlier.current!.version;
    const behind = later.current!.version;
    if (ahead === behind) continue;
    const aheadSemver = semver.valid(ahead);
    const behindSemver = semver.valid(behind);
    if (aheadSemver && behindSemver) {
      if (semver.lte(aheadSemver, behindSemver)) continue;
      const between = releases.filter(release => {
        const version = semver.valid(release.version);
        return version && semver.gt(version, behindSemver) && semver.lte(version, aheadSemver);
      }).length;
      sentences.push(
        between > 0
          ? `${later.name} is ${between} release${between === 1 ? '' : 's'} behind ${earlier.name}`
          : `${later.name} runs ${behind}, behind ${earlier.name} (${ahead})`,
      );
    } else {
      sentences.push(`${later.name} runs ${behind}, ${earlier.name} runs ${ahead}`);
    }
  }
  const newest = releases.find(release => semver.valid(release.version));
  if (newest && newest.deployedTo.length === 0 && running.length > 0) {
    sentences.push(`${newest.version} is released and deployed nowhere`);
  }
  return sentences;
}
