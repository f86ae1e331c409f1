import { isScriptUrl } from '@callboard/catalog-model';
import { InputError, maxIndexedBytes, unstorableStringReason } from '@callboard/plugin-api/common';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { MissingDescriptorError } from '@callboard/reading';

/** Registered only through the API: `url`; `file` locations come from app-config alone. */
const allowedTypes = ['url'];

/** Refuses a location the API may not register: wrong type, not an http(s) URL, not readable. */
export async function checkLocationSpec(
  reader: RepositoryReader,
  spec: { type: string; target: string },
): Promise<void> {
  // Stored and indexed as written: what the database cannot store is refused here (ADR 0018).
  const unstorable = unstorableStringReason(spec.target, maxIndexedBytes);
  if (unstorable) throw new InputError(`The location target ${unstorable}`);
  if (!allowedTypes.includes(spec.type)) {
    throw new InputError(
      `Registered locations must be of an allowed type ${JSON.stringify(allowedTypes)}`,
    );
  }
  if (isScriptUrl(spec.target)) {
    throw new InputError('The location target must not be a script URL');
  }
  let url: URL;
  try {
    url = new URL(spec.target);
  } catch {
    throw new InputError(`The location target "${spec.target}" is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`The location target must be an http(s) URL, not ${url.protocol}`);
  }
  await reader.assertReadable({ type: 'url', target: spec.target });
}

/**
 * A location that cannot be read answers with the reader's typed error, worded for the person
 * who typed the URL (502 for a host that cannot be reached, 403, 404, 400), before it is
 * processed. A repository without a descriptor is, for analyze-location, an analysis of its own
 * (nothing to import yet, as in Backstage). The dry run that follows reads from the checkout
 * this read leaves behind.
 */
export async function assertLocationReads(
  reader: RepositoryReader,
  target: string,
  { descriptorOptional }: { descriptorOptional: boolean },
): Promise<void> {
  try {
    await reader.readLocation({ type: 'url', target });
  } catch (error) {
    if (!(descriptorOptional && error instanceof MissingDescriptorError)) throw error;
  }
}
