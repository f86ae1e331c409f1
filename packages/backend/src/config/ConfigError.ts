/**
 * A configuration problem found at boot. The message names the file and key so the person who
 * wrote the config can fix it; the backend prints it and exits non-zero.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
