import { humanizeEntityRef } from '@callboard/plugin-catalog/common';
import type { EnvironmentTier, ImpactResponse } from '../common';

export type ImpactItem = ImpactResponse['items'][number];

/** How many affected places per environment tier, in the order tiers are listed. */
export function countByTier(items: readonly ImpactItem[]): Array<[EnvironmentTier, number]> {
  return countBy(items, item => item.tier) as Array<[EnvironmentTier, number]>;
}

/** How many affected places per owning team (`(no owner)` when the entity has none). */
export function countByOwner(items: readonly ImpactItem[]): Array<[string, number]> {
  return countBy(items, item => item.owner ?? '(no owner)');
}

function countBy(items: readonly ImpactItem[], key: (item: ImpactItem) => string) {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()];
}

const contactsText = (item: ImpactItem) => item.contacts.map(contact => contact.value).join(', ');

/** A table to paste into an incident channel or ticket. */
export function impactMarkdown(
  question: { entityRef: string; range: string },
  impact: ImpactResponse,
): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    `**${humanizeEntityRef(question.entityRef)}** versions \`${question.range}\`: ${impact.items.length} affected`,
    '',
  ];
  if (impact.items.length > 0) {
    lines.push('| Environment | Target | Version | Deployed | Owner | Contacts |');
    lines.push('| --- | --- | --- | --- | --- | --- |');
    for (const item of impact.items) {
      lines.push(
        `| ${[
          `${item.environment} (${item.tier})`,
          item.target ?? '—',
          item.version,
          item.deployedAt,
          item.owner ?? '—',
          contactsText(item) || '—',
        ]
          .map(cell)
          .join(' | ')} |`,
      );
    }
  }
  if (impact.unknown.length > 0) {
    lines.push('', 'Unknown:');
    for (const place of impact.unknown) {
      const where = place.target ? `${place.environment} / ${place.target}` : place.environment;
      lines.push(`- ${where}${place.version ? ` (${place.version})` : ''}: ${place.reason}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** RFC 4180: quote every field, double the quotes inside; CRLF between records. */
export function impactCsv(impact: ImpactResponse): string {
  const header = [
    'entityRef',
    'environment',
    'tier',
    'target',
    'version',
    'deployedAt',
    'owner',
    'contacts',
  ];
  const rows = impact.items.map(item => [
    item.entityRef,
    item.environment,
    item.tier,
    item.target ?? '',
    item.version,
    item.deployedAt,
    item.owner ?? '',
    contactsText(item),
  ]);
  return (
    [header, ...rows]
      .map(row => row.map(field => `"${field.replace(/"/g, '""')}"`).join(','))
      .join('\r\n') + '\r\n'
  );
}

/** A file name that says what it holds: `impact-payments-lt-2.3.1.csv`. */
export function impactFileName(entityRef: string, range: string, extension: string): string {
  const slug = (text: string) =>
    text
      .replace(/>=/g, 'gte')
      .replace(/<=/g, 'lte')
      .replace(/</g, 'lt')
      .replace(/>/g, 'gt')
      .replace(/[^A-Za-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '');
  return `impact-${slug(humanizeEntityRef(entityRef))}-${slug(range)}.${extension}`;
}

/** Saves text as a file through a Blob and an object URL: no data URL, no inline script. */
export function downloadText(fileName: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the file to the browser; the URL can go on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
