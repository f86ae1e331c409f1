/** Placeholder, replaced by the real page. */
export function CatalogImportPage() {
  return <p>CatalogImportPage</p>;
}
