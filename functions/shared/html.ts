/**
 * A tiny auto-escaping HTML template tag. Every interpolated string or number goes through
 * `escapeHtml`; only markup built by `html` itself (a `SafeHtml`) is inserted as is. Escaping
 * by construction means a renderer cannot forget it for one field.
 */
import { escapeHtml } from "./escape.ts";

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) {
    out += renderValue(values[i]) + (strings[i + 1] ?? "");
  }
  return new SafeHtml(out);
}

/** Joins fragments (e.g. table rows); strings among them are escaped, the separator is trusted markup. */
export function joinHtml(parts: readonly HtmlValue[], separator = ""): SafeHtml {
  return new SafeHtml(parts.map(renderValue).join(separator));
}

function renderValue(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (typeof value === "number") return escapeHtml(String(value));
  if (typeof value === "string") return escapeHtml(value);
  let out = "";
  for (const item of value) out += renderValue(item);
  return out;
}
