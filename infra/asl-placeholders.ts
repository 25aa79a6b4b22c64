/** The `${Name}` placeholders of an ASL definition: what `definitionSubstitutions` must cover exactly. */

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

export function aslPlaceholders(definition: string): Set<string> {
  const names = new Set<string>();
  for (const match of definition.matchAll(PLACEHOLDER)) {
    const name = match[1];
    if (name !== undefined) names.add(name);
  }
  return names;
}
