import { isAbsolute, join } from 'node:path';
import { parseLocationRef } from '@callboard/catalog-model';
import { InputError } from '@callboard/plugin-api/common';
import type { ReaderLocation, ScaffolderReader } from '../../ScaffolderDeps';
import type { TemplateInfo } from '../types';

/**
 * A fetch URL's location. A relative URL resolves against the template's folder
 * (`templateInfo.baseUrl`): inside the same repository and ref for templates from git or the web,
 * inside the template's own folder for templates from config files. An absolute http(s) URL is
 * read as the catalog would read it (its allow-list, credentials and limits apply). Anything else —
 * absolute paths, `file:` URLs, other schemes — is refused: a template must not pick files off
 * the backend's disk.
 */
export function resolveFetchLocation(
  context: { templateInfo: TemplateInfo; reader: ScaffolderReader },
  url: string,
): ReaderLocation {
  const text = url.trim();
  if (text === '') throw new InputError('The url must not be empty');
  const notAllowed = () =>
    new InputError(
      `${JSON.stringify(url)} is not allowed: fetch URLs are relative to the template, or http(s) URLs the catalog may read`,
    );
  if (/^[a-z][a-z\d+.-]*:/i.test(text)) {
    if (/^https?:\/\//i.test(text)) return { type: 'url', target: text };
    throw notAllowed();
  }
  // `/etc/passwd`, `//host/share`, `\\server\x`: absolute, never relative to the template.
  if (isAbsolute(text) || text.startsWith('\\') || text.includes('\0')) throw notAllowed();

  const baseUrl = context.templateInfo.baseUrl;
  if (!baseUrl) {
    throw new InputError(
      `The relative URL ${JSON.stringify(url)} cannot be resolved: the template's location is not known`,
    );
  }
  let base: ReaderLocation;
  try {
    const parsed = parseLocationRef(baseUrl);
    if (parsed.type !== 'url' && parsed.type !== 'file') throw new TypeError(parsed.type);
    base = { type: parsed.type, target: parsed.target };
  } catch {
    throw new InputError(`The template's location ${JSON.stringify(baseUrl)} is not supported`);
  }
  if (base.type === 'url') {
    // A git folder URL (`…/tree/<ref>/<folder>/`) keeps relative paths in its repository.
    return context.reader.resolveTarget(base, text);
  }
  // resolveTarget resolves against a file's folder: name a file inside the template's folder.
  const folder = base.target;
  try {
    return context.reader.resolveTarget({ type: 'file', target: join(folder, '.template') }, text, {
      root: folder,
    });
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError(
        `${JSON.stringify(url)} is not allowed: it leaves the template's folder`,
      );
    }
    throw error;
  }
}
