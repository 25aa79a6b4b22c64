/**
 * The emails of a campaign to reviewers: the packet (what to certify and how), reminders, and the
 * escalation to a reviewer's own manager. Each lists the items still undecided, grouped by person,
 * with a signed decision link per item and keep-all / revoke-all links for the packet when the
 * deployment has a decision URL; otherwise the `deprov review decide` command to run. All roster
 * and source text is escaped in the HTML and kept on one line in the subject.
 */
import type { ReviewItem } from "../../functions/core/reviews/types.ts";
import { html, joinHtml, type SafeHtml } from "../../functions/shared/html.ts";
import { alertBox, code, emailDocument, emailTable, heading, muted, paragraph } from "../email/email-html.ts";
import { oneLine } from "../email/one-line.ts";
import { formatCount, formatDeadline } from "../format.ts";
import { itemGroups, itemWhat, personLabel } from "./review-item-text.ts";

export type ReviewEmailKind = "packet" | "reminder" | "escalation";

export interface ReviewEmailLinks {
  keepAll: string;
  revokeAll: string;
  /** By item id. */
  items: ReadonlyMap<string, string>;
}

export interface ReviewEmailInput {
  kind: ReviewEmailKind;
  organization: string;
  campaignId: string;
  campaignName: string;
  /** ISO 8601. */
  dueAt: string;
  timezone: string;
  /** Who the email goes to (the reviewer, or their manager for an escalation). */
  recipientName?: string;
  /** Escalations: the reviewer whose items are undecided. */
  reviewerName?: string;
  /** The undecided items (a packet lists them all). */
  items: readonly ReviewItem[];
  /** Items the reviewer was asked to certify in all (for the reminder's "N of M"). */
  totalItems: number;
  links?: ReviewEmailLinks;
  /** The CSV attachment's file name. */
  csvFile: string;
  /** Reminders: which one (1, 2, …). */
  reminder?: number;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** An email stays readable: a packet with more items lists the first ones; the CSV has all. */
export const MAX_LISTED_ITEMS = 500;

export function renderReviewEmail(input: ReviewEmailInput): RenderedEmail {
  const due = formatDeadline(input.dueAt, input.timezone);
  const count = `${formatCount(input.items.length)} ${input.items.length === 1 ? "item" : "items"}`;
  const subject = oneLine(
    input.kind === "packet"
      ? `Access review "${input.campaignName}": ${count} to certify by ${due}`
      : input.kind === "reminder"
        ? `Reminder ${input.reminder ?? 1}: ${count} still undecided in "${input.campaignName}", due ${due}`
        : `Escalation: ${input.reviewerName ?? "a reviewer"} has ${count} undecided in "${input.campaignName}", due ${due}`,
  );
  const intro = introText(input, due, count);
  const listed = input.items.slice(0, MAX_LISTED_ITEMS);
  const more = input.items.length - listed.length;
  return {
    subject,
    text: textBody(input, intro, listed, more),
    html: emailDocument(subject, htmlBody(input, intro, listed, more)),
  };
}

function introText(input: ReviewEmailInput, due: string, count: string): string {
  const who = input.recipientName ?? "Hello";
  if (input.kind === "packet") {
    return `${who}: ${input.organization} is reviewing who has access to what. Please certify the access of your reports below by ${due}: keep what they still need, revoke what they do not. Revoked access becomes a remediation task, and later scans check that it is gone.`;
  }
  if (input.kind === "reminder") {
    return `${who}: ${count} of the ${formatCount(input.totalItems)} you were asked to certify are still undecided. The campaign is due ${due}.`;
  }
  return `${who}: ${input.reviewerName ?? "One of your reports"} has not certified ${count} of their team's access, due ${due}. As their manager you may decide for them.`;
}

function howToDecideText(input: ReviewEmailInput): string[] {
  if (input.links) {
    return [
      "How to decide: open an item's link and choose keep or revoke (with a reason), or use one of these for everything still undecided:",
      `  Keep all: ${input.links.keepAll}`,
      `  Revoke all: ${input.links.revokeAll}`,
      "Each link works once and expires with the campaign.",
    ];
  }
  return [
    `How to decide: fill in the "decision" column (keep or revoke) of the attached ${input.csvFile} and return it to your compliance team, or run for each item:`,
    `  deprov review decide --campaign ${input.campaignId} --item ITEM --decision keep|revoke --by YOU --reason TEXT`,
  ];
}

function textBody(
  input: ReviewEmailInput,
  intro: string,
  listed: readonly ReviewItem[],
  more: number,
): string {
  const lines = [intro, "", ...howToDecideText(input), ""];
  for (const [person, items] of byPerson(listed)) {
    lines.push(person);
    for (const item of items) {
      const link = input.links?.items.get(item.itemId);
      lines.push(`  - ${itemWhat(item)} [${item.itemId}]${link ? ` ${link}` : ""}`);
    }
  }
  if (more > 0) lines.push("", `…and ${formatCount(more)} more in ${input.csvFile}.`);
  lines.push("", `Campaign ${input.campaignId}. All items are in ${input.csvFile}.`);
  return `${lines.join("\n")}\n`;
}

function htmlBody(
  input: ReviewEmailInput,
  intro: string,
  listed: readonly ReviewItem[],
  more: number,
): SafeHtml {
  const tone = input.kind === "packet" ? undefined : input.kind === "reminder" ? "warn" : "danger";
  const introBlock = tone === undefined ? paragraph(intro) : alertBox(tone, html`${intro}`);
  const how = input.links
    ? html`${paragraph(html`<strong>How to decide:</strong> open an item's link and choose keep or revoke, with a reason. For everything still undecided at once:`)}
${paragraph(html`<a href="${input.links.keepAll}" style="color:#0969da;font-weight:600">Keep all</a> &nbsp;·&nbsp; <a href="${input.links.revokeAll}" style="color:#b91c1c;font-weight:600">Revoke all</a>`)}
${paragraph("Each link works once and expires with the campaign.", true)}`
    : html`${paragraph(html`<strong>How to decide:</strong> fill in the <em>decision</em> column (keep or revoke) of the attached ${code(input.csvFile)} and return it to your compliance team, or run for each item:`)}
${paragraph(code(`deprov review decide --campaign ${input.campaignId} --item ITEM --decision keep|revoke --by YOU --reason TEXT`))}`;
  const sections = [...byPerson(listed)].map(
    ([person, items]) => html`${heading(person, 3)}
${emailTable(
  ["Access", "Groups", "Item", ""],
  items.map((item) => {
    const link = input.links?.items.get(item.itemId);
    return [
      itemWhat(item),
      itemGroups(item),
      code(item.itemId),
      link ? html`<a href="${link}" style="color:#0969da">Decide</a>` : "",
    ];
  }),
)}`,
  );
  return html`${heading(`Access review: ${input.campaignName}`, 1)}
${paragraph(muted(`${input.organization} · campaign ${input.campaignId}`))}
${introBlock}
${how}
${joinHtml(sections, "\n")}
${more > 0 ? paragraph(`…and ${formatCount(more)} more in ${input.csvFile}.`, true) : ""}
${paragraph(`All items are in the attached ${input.csvFile}.`, true)}`;
}

function byPerson(items: readonly ReviewItem[]): Map<string, ReviewItem[]> {
  const groups = new Map<string, ReviewItem[]>();
  for (const item of items) {
    const label = personLabel(item);
    const list = groups.get(label);
    if (list) list.push(item);
    else groups.set(label, [item]);
  }
  return groups;
}
