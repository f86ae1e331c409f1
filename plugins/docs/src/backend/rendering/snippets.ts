/**
 * `pymdownx.snippets`: lines that include another file of the site, before Markdown is parsed
 * (as the extension does, so a snippet can fill a code fence):
 *
 *     --8<-- "includes/abbreviations.md"
 *     --8<-- "src/example.py:3:10"      (lines 3 to 10)
 *
 *     --8<--
 *     first.md
 *     second.md
 *     --8<--
 *
 * `;--8<--` escapes a marker. Files are read through `read`, which only knows the site's own
 * files (a path that leaves the site is simply not found). Included files may include others,
 * up to `maxDepth`; a cycle or a missing file is a problem and the line is left out.
 */
export interface SnippetOptions {
  read(path: string): string | undefined;
  maxDepth?: number;
}

const single = /^(\s*)(;?)-{1,}8<-{1,}[ \t]+(["'])([^"']+)\3[ \t]*$/;
const blockMarker = /^(\s*)(;?)-{1,}8<-{1,}[ \t]*$/;

export function expandSnippets(
  source: string,
  options: SnippetOptions,
): { text: string; problems: string[] } {
  const problems: string[] = [];
  const text = expand(source, options, [], problems);
  return { text, problems };
}

function expand(
  source: string,
  options: SnippetOptions,
  stack: readonly string[],
  problems: string[],
): string {
  if (!source.includes('8<')) return source;
  const lines = source.split('\n');
  const out: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const one = single.exec(line);
    if (one) {
      if (one[2]) out.push(line.replace(';', ''));
      else out.push(...include(one[4]!, one[1]!, options, stack, problems));
      continue;
    }
    const block = blockMarker.exec(line);
    if (block && !block[2]) {
      const end = lines.findIndex((candidate, at) => at > index && blockMarker.test(candidate));
      if (end !== -1) {
        for (const path of lines.slice(index + 1, end)) {
          if (path.trim()) out.push(...include(path.trim(), block[1]!, options, stack, problems));
        }
        index = end;
        continue;
      }
    }
    out.push(block?.[2] ? line.replace(';', '') : line);
  }
  return out.join('\n');
}

function include(
  reference: string,
  indent: string,
  options: SnippetOptions,
  stack: readonly string[],
  problems: string[],
): string[] {
  const [path, from, to] = reference.split(':');
  if (!path) return [];
  if (stack.includes(path)) {
    problems.push(`snippet ${path} includes itself (${[...stack, path].join(' → ')})`);
    return [];
  }
  if (stack.length >= (options.maxDepth ?? 4)) {
    problems.push(`snippet ${path} is nested more than ${options.maxDepth ?? 4} deep`);
    return [];
  }
  const content = options.read(path);
  if (content === undefined) {
    problems.push(`snippet ${path} was not found in the site`);
    return [];
  }
  let lines = expand(content, options, [...stack, path], problems)
    .replace(/\n$/, '')
    .split('\n');
  const start = Number(from);
  const end = Number(to);
  if (from !== undefined && Number.isInteger(start) && start > 0) {
    lines = lines.slice(start - 1, to !== undefined && Number.isInteger(end) ? end : undefined);
  }
  return lines.map(line => (line ? indent + line : line));
}
