/** Placeholder, replaced by the real page. */
export function EntityPage() {
  return <p>EntityPage</p>;
}
