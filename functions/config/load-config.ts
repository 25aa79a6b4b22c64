/**
 * Loads and validates a config file (SPEC §2): JSON syntax, the schema (defaults, unknown keys
 * rejected), then cross-field checks the schema cannot express. Relative paths resolve against
 * the config file's folder. Every problem is reported at once, each with its JSON path.
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { z } from "zod";
import { isValidZone } from "../core/time.ts";
import { withoutBom } from "../shared/byte-order-mark.ts";
import { describeJsonSyntaxError } from "../shared/json-syntax-error.ts";
import { ConfigError, type ConfigIssue, jsonPath } from "./config-error.ts";
import { liveSourceIssues, urlCredentialIssues } from "./live-source-rules.ts";
import { closestField, MAPPABLE_FIELDS } from "./mappable-fields.ts";
import { configSchema, JOINABLE_FIELDS, type ParsedConfig } from "./schema.ts";

export interface LoadedConfig extends ParsedConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Folder relative paths resolve against. */
  baseDir: string;
}

export function loadConfig(file: string): LoadedConfig {
  const absolute = resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    throw new ConfigError(absolute, [
      { path: "$", message: `cannot read the file (${describeIoError(error)})` },
    ]);
  }
  return parseConfigText(withoutBom(text), absolute);
}

export function parseConfigText(text: string, file: string): LoadedConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(file, [
      { path: "$", message: `expected valid JSON: ${describeJsonSyntaxError(text, error)}` },
    ]);
  }
  // Checked on the raw document, before anything else can echo a URL: its credentials must go nowhere.
  const embedded = urlCredentialIssues(raw);
  if (embedded.length > 0) throw new ConfigError(file, embedded);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(file, parsed.error.issues.map(toConfigIssue));
  const issues = crossFieldIssues(parsed.data);
  if (issues.length > 0) throw new ConfigError(file, issues);
  return { ...parsed.data, file, baseDir: dirname(file) };
}

/** Resolves a path from the config against the config file's folder. */
export function resolveConfigPath(config: Pick<LoadedConfig, "baseDir">, path: string): string {
  return isAbsolute(path) ? path : resolve(config.baseDir, path);
}

function crossFieldIssues(config: ParsedConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (!isValidZone(config.timezone)) {
    issues.push({
      path: "$.timezone",
      message: `expected an IANA time zone such as "America/New_York", got "${config.timezone}"`,
    });
  }
  issues.push(...columnKeyIssues(config));
  const seen = new Map<string, number>();
  config.sources.forEach((source, index) => {
    const first = seen.get(source.id);
    if (first !== undefined) {
      issues.push({
        path: `$.sources[${index}].id`,
        message: `duplicate source id "${source.id}" (first at $.sources[${first}])`,
      });
    } else seen.set(source.id, index);
  });
  const rosters = config.sources.filter((s) => s.kind === "roster");
  if (rosters.length !== 1) {
    issues.push({
      path: "$.sources",
      message: `expected exactly one source of kind "roster", found ${rosters.length}`,
    });
  }
  config.serviceAccounts.forEach((entry, index) => {
    if (entry.source !== undefined && !seen.has(entry.source)) {
      issues.push({
        path: `$.serviceAccounts[${index}].source`,
        message: `expected a configured source id, got "${entry.source}"`,
      });
    }
    try {
      new RegExp(entry.pattern);
    } catch (error) {
      issues.push({
        path: `$.serviceAccounts[${index}].pattern`,
        message: `expected a regular expression: ${(error as Error).message}`,
      });
    }
  });
  config.sources.forEach((source, index) => {
    if (source.columns !== undefined && source.format !== "csv" && source.format !== "json") {
      issues.push({
        path: `$.sources[${index}].columns`,
        message: `"columns" applies to csv and json sources only, not "${source.format}"`,
      });
    }
    for (const [field, mapped] of Object.entries(source.columns ?? {})) {
      if (typeof mapped !== "string" && !JOINABLE_FIELDS.includes(field)) {
        issues.push({
          path: `$.sources[${index}].columns.${field}`,
          message: `expected one column name; only ${JOINABLE_FIELDS.join(" and ")} may list several, joined with a space`,
        });
      }
    }
    if (source.records !== undefined && source.format !== "json") {
      issues.push({ path: `$.sources[${index}].records`, message: `"records" applies to json sources only` });
    }
    if (source.privileged !== undefined && source.kind !== "accounts") {
      issues.push({
        path: `$.sources[${index}].privileged`,
        message: `"privileged" applies to account sources only`,
      });
    }
    if (source.exportedAt !== undefined && Number.isNaN(Date.parse(source.exportedAt))) {
      issues.push({
        path: `$.sources[${index}].exportedAt`,
        message: `expected an ISO 8601 timestamp, got "${source.exportedAt}"`,
      });
    }
    issues.push(...liveSourceIssues(source, `$.sources[${index}]`));
  });
  return issues;
}

function toConfigIssue(issue: z.core.$ZodIssue): ConfigIssue {
  const path = jsonPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    return {
      path,
      message: `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} (check the spelling; see schema/deprov.config.schema.json)`,
    };
  }
  return { path, message: issue.message.replace(/^Invalid input: /, "") };
}

export function describeIoError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "file not found";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return error instanceof Error ? error.message : String(error);
}

/** A `columns` key that is no field of the source's kind: a typo there would drop the field unseen. */
function columnKeyIssues(config: ParsedConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  config.sources.forEach((source, index) => {
    const fields = MAPPABLE_FIELDS[source.kind];
    for (const key of Object.keys(source.columns ?? {})) {
      if (fields.includes(key)) continue;
      const meant = closestField(key, fields);
      issues.push({
        path: `$.sources[${index}].columns.${key}`,
        message: `"${key}" is not a field of ${source.kind} records${meant === undefined ? "" : ` (did you mean "${meant}"?)`}; expected one of ${fields.join(", ")}`,
      });
    }
  });
  return issues;
}
