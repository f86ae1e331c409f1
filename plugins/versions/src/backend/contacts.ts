import { RELATION_HAS_MEMBER, type Entity } from '@callboard/catalog-model';
import type { Contact } from '../common';
import type { VersionsCatalog } from './versionsCatalog';

/** Annotations that name a chat channel or an on-call route: `slack.com/channel` and its kin. */
const chatAnnotation = /(^|[./-])(slack|teams|chat|discord|mattermost|channel|pagerduty|opsgenie)/i;

/**
 * Whom to warn about an entity: its owner's email and chat annotations, then those of the
 * owner's members (a Group's `hasMember` relations), without repeats.
 */
export async function contactsOf(catalog: VersionsCatalog, ownerRef: string): Promise<Contact[]> {
  const owner = await catalog.getEntityByRef(ownerRef);
  if (!owner) return [];
  const memberRefs = (owner.relations ?? [])
    .filter(relation => relation.type === RELATION_HAS_MEMBER)
    .map(relation => relation.targetRef);
  const members = memberRefs.length ? await catalog.getEntitiesByRefs(memberRefs) : [];
  const contacts: Contact[] = [];
  const seen = new Set<string>();
  for (const [index, entity] of [owner, ...members].entries()) {
    if (!entity) continue;
    const entityRef = index === 0 ? ownerRef : memberRefs[index - 1]!;
    for (const contact of contactsOfEntity(entityRef, entity)) {
      const key = `${contact.entityRef}|${contact.type}|${contact.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      contacts.push(contact);
    }
  }
  return contacts;
}

function contactsOfEntity(entityRef: string, entity: Entity): Contact[] {
  const contacts: Contact[] = [];
  const profile = (entity.spec as { profile?: { email?: unknown } } | undefined)?.profile;
  if (typeof profile?.email === 'string' && profile.email) {
    contacts.push({ entityRef, type: 'email', value: profile.email });
  }
  for (const [annotation, value] of Object.entries(entity.metadata.annotations ?? {})) {
    if (chatAnnotation.test(annotation) && value) {
      contacts.push({ entityRef, type: 'chat', annotation, value });
    }
  }
  return contacts;
}
