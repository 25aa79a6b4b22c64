/**
 * Just enough of a MIME reader for assertions: unfolded headers (lower-case names) and the
 * parts of multipart bodies, recursively. Not a general parser.
 */
export interface MimePart {
  headers: Map<string, string>;
  body: string;
  parts: MimePart[];
}

export function parseMime(raw: string): MimePart {
  const split = raw.indexOf("\r\n\r\n");
  const headerText = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? "" : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of headerText.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const contentType = headers.get("content-type") ?? "";
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!contentType.startsWith("multipart/") || boundary === undefined) return { headers, body, parts: [] };
  const sections = body.split(`--${boundary}`);
  // sections[0] is the preamble; the last one starts with the closing "--".
  const parts = sections
    .slice(1, -1)
    .map((section) => parseMime(section.replace(/^\r\n/, "").replace(/\r\n$/, "")));
  return { headers, body, parts };
}

/** Every leaf part, depth first. */
export function leafParts(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leafParts);
}

/** The decoded body of a leaf part: 7bit, quoted-printable or base64, the encodings nodemailer picks. */
export function decodedBody(part: MimePart): string {
  const encoding = part.headers.get("content-transfer-encoding")?.toLowerCase();
  if (encoding === "base64") return Buffer.from(part.body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") return decodeQuotedPrintable(part.body);
  return part.body;
}

export function decodeQuotedPrintable(body: string): string {
  const unwrapped = body.replace(/=\r\n/g, "").replace(/\r\n/g, "\n");
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const ch = unwrapped[i] ?? "";
    if (ch === "=" && /^[0-9A-F]{2}$/.test(unwrapped.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(unwrapped.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(ch, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
