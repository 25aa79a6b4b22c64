/**
 * Atlassian Document Format, the rich text Jira Cloud REST v3 takes for descriptions and comments:
 * facts as paragraphs, the findings as a bullet list.
 */
import { omittedLine } from "../../core/tasks/task-text.ts";
import type { TaskBody } from "../../core/tasks/types.ts";

interface AdfText {
  type: "text";
  text: string;
}
interface AdfParagraph {
  type: "paragraph";
  content: AdfText[];
}
interface AdfBulletList {
  type: "bulletList";
  content: { type: "listItem"; content: AdfParagraph[] }[];
}
export interface AdfDocument {
  type: "doc";
  version: 1;
  content: (AdfParagraph | AdfBulletList)[];
}

export function taskDescriptionAdf(body: TaskBody): AdfDocument {
  const content: AdfDocument["content"] = body.facts.filter(hasText).map(paragraph);
  content.push(paragraph("Open findings:"));
  if (body.findings.length > 0) {
    content.push({
      type: "bulletList",
      content: body.findings.map((line) => ({ type: "listItem", content: [paragraph(line)] })),
    });
  }
  const omitted = omittedLine(body);
  if (omitted !== undefined) content.push(paragraph(omitted));
  return { type: "doc", version: 1, content };
}

/** One paragraph per line of the comment. */
export function commentAdf(text: string): AdfDocument {
  return { type: "doc", version: 1, content: text.split("\n").filter(hasText).map(paragraph) };
}

/** ADF rejects empty text nodes, so callers drop blank lines. */
function paragraph(text: string): AdfParagraph {
  return { type: "paragraph", content: [{ type: "text", text }] };
}

function hasText(line: string): boolean {
  return line.trim() !== "";
}
