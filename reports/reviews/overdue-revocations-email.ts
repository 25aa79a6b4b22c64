/**
 * The digest that flags revoked access still present past its due date: to the reviewer who
 * revoked it, and to the compliance recipients for the whole campaign. Roster text is escaped.
 */
import type { ReviewItem } from "../../functions/core/reviews/types.ts";
import { html } from "../../functions/shared/html.ts";
import { emailDocument, emailTable, heading, muted, paragraph } from "../email/email-html.ts";
import { oneLine } from "../email/one-line.ts";
import { formatCount, formatInstantShort } from "../format.ts";
import type { RenderedEmail } from "./review-email.ts";
import { itemWhat, personLabel } from "./review-item-text.ts";

export interface OverdueRevocationsInput {
  organization: string;
  campaignId: string;
  campaignName: string;
  /** ISO 8601: when the access should have been gone. */
  revokeDueAt: string;
  timezone: string;
  /** The scan whose data still shows the access. */
  scanId: string;
  items: readonly ReviewItem[];
  recipientName?: string;
}

export function renderOverdueRevocations(input: OverdueRevocationsInput): RenderedEmail {
  const due = formatInstantShort(input.revokeDueAt, input.timezone);
  const count = `${formatCount(input.items.length)} revoked ${input.items.length === 1 ? "access is" : "accesses are"}`;
  const subject = oneLine(`Access review "${input.campaignName}": ${count} still present past ${due}`);
  const intro = `${input.recipientName ? `${input.recipientName}: ` : ""}the access below was revoked in the access review "${input.campaignName}" and should have been removed by ${due}, but scan ${input.scanId} still finds it. Please follow up on its remediation task.`;
  const rows = input.items.map((item) => [personLabel(item), itemWhat(item), item.itemId]);
  const text = [
    intro,
    "",
    ...rows.map(([person, what, id]) => `- ${person}: ${what} [${id}]`),
    "",
    `Campaign ${input.campaignId}.`,
    "",
  ].join("\n");
  const body = html`${heading(`Revoked access still present: ${input.campaignName}`, 1)}
${paragraph(muted(`${input.organization} · campaign ${input.campaignId}`))}
${paragraph(intro)}
${emailTable(["Person", "Access", "Item"], rows)}`;
  return { subject, text, html: emailDocument(subject, body) };
}
