/** A task body as plain text, for sinks without rich text (ServiceNow, webhooks, the local store). */
import type { TaskBody } from "./types.ts";

export function renderTaskText(body: TaskBody): string {
  const lines = [...body.facts, "", "Open findings:", ...body.findings.map((line) => `- ${line}`)];
  const omitted = omittedLine(body);
  if (omitted !== undefined) lines.push(omitted);
  return lines.join("\n");
}

/** The line that says how many findings the list leaves out, if any. */
export function omittedLine(body: TaskBody): string | undefined {
  if (body.omitted === 0) return undefined;
  const noun = body.omitted === 1 ? "finding" : "findings";
  return `…and ${body.omitted} more open ${noun} of lower or equal severity (see findings.csv).`;
}
