/**
 * Fast path (ADR 0011) for the commonest message deprov sends: text plus HTML, no attachments — a manager
 * digest, of which a large org's first night sends thousands. nodemailer's MailComposer builds
 * each through a tree of streams (0.5–1 ms a message); this writes the same structure as one
 * string (a few hundredths of a millisecond), using nodemailer's own header-encoding functions.
 * functions/ports/mail/mime.ts uses it for such messages and nodemailer for everything else;
 * test/fast/plain-mime.test.ts parses both composers' output of the same messages and compares them.
 *
 * The structure: the headers, then multipart/alternative with a text/plain and a text/html part,
 * each UTF-8 in quoted-printable (mostly Latin text: the `.eml` stays readable) or base64, lines
 * of at most 76 characters, CRLF line ends (RFC 5322, RFC 2045–2047) — the encodings nodemailer
 * picks for the same text.
 */
import { createHash } from "node:crypto";
import { encodeWord, encodeWords, foldLines, isPlainText, quoteString } from "nodemailer/lib/mime-funcs";
import type { MailAddress, OutgoingEmail } from "../ports/mail/mailer.ts";

const CRLF = "\r\n";
/** Header lines are folded below RFC 5322's recommended 78 characters. */
const HEADER_LINE = 76;

/** Whether `plainMime` can compose the message (no attachments, an HTML part). */
export function isPlainMessage(message: OutgoingEmail): boolean {
  return (message.attachments?.length ?? 0) === 0 && message.html !== undefined;
}

/**
 * Composes an already validated message (see `validateEmail`). Deterministic for the same
 * message, Message-ID and date: the boundary derives from the Message-ID.
 */
export function plainMime(message: OutgoingEmail & { html: string }, messageId: string, date: Date): Buffer {
  const boundary = `--_deprov_${createHash("sha256").update(messageId).digest("hex").slice(0, 24)}`;
  // An empty text part is left out, as nodemailer does: mail clients then derive one from the HTML.
  const alternative = message.text !== "";
  const headers: string[] = [
    header(
      "Content-Type",
      alternative ? `multipart/alternative; boundary="${boundary}"` : "text/html; charset=utf-8",
    ),
    header("From", addressList([message.from])),
    header("To", addressList(message.to)),
  ];
  if (message.cc !== undefined && message.cc.length > 0) headers.push(header("Cc", addressList(message.cc)));
  headers.push(
    header("Subject", headerText(message.subject)),
    header("Message-ID", messageId),
    header("Date", rfc5322Date(date)),
    header("MIME-Version", "1.0"),
  );
  for (const [name, value] of Object.entries(message.headers ?? {}))
    headers.push(header(name, headerText(value)));
  if (!alternative) headers.push("Content-Transfer-Encoding: quoted-printable");
  const body = alternative
    ? `--${boundary}${CRLF}${part("text/plain", message.text)}${CRLF}` +
      `--${boundary}${CRLF}${part("text/html", message.html)}${CRLF}` +
      `--${boundary}--${CRLF}`
    : `${quotedPrintable(message.html)}${CRLF}`;
  return Buffer.from(`${headers.join(CRLF)}${CRLF}${CRLF}${body}`, "utf8");
}

function header(name: string, value: string): string {
  return foldLines(`${name}: ${value}`, HEADER_LINE, false).replace(/\r?\n$/, "");
}

/** Bodies in quoted-printable, always, as functions/ports/mail/mime.ts asks nodemailer to write them. */
function part(contentType: string, body: string): string {
  return (
    `Content-Type: ${contentType}; charset=utf-8${CRLF}` +
    `Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}${quotedPrintable(body)}`
  );
}

const CR = 0x0d;
const LF = 0x0a;
const EQUALS = 0x3d;
const HEX = Buffer.from("0123456789ABCDEF", "latin1");
/** Bytes written as they are (RFC 2045 §6.7): printable ASCII but "=", and space and tab. */
const LITERAL = new Uint8Array(256);
for (let byte = 0x20; byte <= 0x7e; byte++) LITERAL[byte] = byte === EQUALS ? 0 : 1;
LITERAL[0x09] = 1;
/** Encoded characters per line before the soft break's "=" (RFC 2045: lines of at most 76). */
const QP_LINE = 75;

/**
 * Quoted-printable in one pass over the UTF-8 bytes (RFC 2045 §6.7), soft line breaks included.
 * The text's own line breaks become CRLF; whitespace before one is encoded, so nothing a relay
 * trims changes the text. nodemailer's encoder and its wrapper (a regex per line) take ten times
 * as long, which a night's thousands of digests notice.
 */
export function quotedPrintable(text: string): string {
  const input = Buffer.from(text.replace(/\r\n|\r|\n/g, CRLF), "utf8");
  // Every byte may take three characters, and every QP_LINE of those a soft break.
  const output = Buffer.allocUnsafe(input.length * 3 + Math.ceil((input.length * 3) / QP_LINE) * 3 + 3);
  let at = 0;
  let line = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i] as number;
    if (byte === CR && input[i + 1] === LF) {
      output[at++] = CR;
      output[at++] = LF;
      line = 0;
      i++;
      continue;
    }
    const atLineEnd = i + 1 === input.length || input[i + 1] === CR;
    const literal = LITERAL[byte] === 1 && !((byte === 0x20 || byte === 0x09) && atLineEnd);
    const width = literal ? 1 : 3;
    if (line + width > QP_LINE) {
      output[at++] = EQUALS;
      output[at++] = CR;
      output[at++] = LF;
      line = 0;
    }
    if (literal) {
      output[at++] = byte;
    } else {
      output[at++] = EQUALS;
      output[at++] = HEX[byte >> 4] as number;
      output[at++] = HEX[byte & 0x0f] as number;
    }
    line += width;
  }
  return output.toString("latin1", 0, at);
}

/**
 * An unstructured header value (RFC 2047), as nodemailer encodes it: all of it in encoded words
 * when any part needs encoding (some clients drop the spaces between plain and encoded words), and
 * control characters always encoded.
 */
function headerText(value: string): string {
  const encoding = wordEncoding(value);
  return hasControlCharacter(value)
    ? encodeWord(value, encoding, 52)
    : encodeWords(value, encoding, 52, true);
}

/** C0 controls other than tab (validateEmail already refuses CR, LF and NUL), or DEL. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/** Q (quoted-printable) for mostly Latin text, B (base64) otherwise: the shorter of the two. */
function wordEncoding(value: string): "Q" | "B" {
  let latin = 0;
  let other = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code >= 0x80) other++;
    else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin++;
  }
  return other < latin ? "Q" : "B";
}

function addressList(addresses: readonly MailAddress[]): string {
  return addresses.map(formatAddress).join(", ");
}

/** `it@example.com`, or `Display Name <it@example.com>` with the name quoted or encoded as needed. */
function formatAddress(address: MailAddress): string {
  if (typeof address === "string") return address;
  if (address.name === "") return address.address;
  const name =
    isPlainText(address.name) && /^[\w ']*$/.test(address.name) ? address.name : quoted(address.name);
  return `${name} <${address.address}>`;
}

function quoted(name: string): string {
  const encoded = headerText(name);
  return encoded === name ? quoteString(name) : encoded;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `Thu, 01 Jan 2026 09:00:00 +0000` (RFC 5322 §3.3, in UTC). */
function rfc5322Date(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}
