/** A configuration problem the user must fix: names the file, the JSON path and what was expected. */
export interface ConfigIssue {
  /** JSON path like `$.sources[2].format`. */
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`${file}: invalid configuration\n${issues.map((i) => `  ${i.path}: ${i.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function jsonPath(path: readonly PropertyKey[]): string {
  let out = "$";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}
