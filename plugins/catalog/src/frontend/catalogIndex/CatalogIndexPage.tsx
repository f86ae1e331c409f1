/** Placeholder, replaced by the real page. */
export function CatalogIndexPage() {
  return <p>CatalogIndexPage</p>;
}
