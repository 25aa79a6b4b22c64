/**
 * An export that is a web page or an XML spreadsheet under a CSV's or a workbook's name. Many web
 * apps' "Export to Excel" write an HTML table and call it `.xls`; Excel's "XML Spreadsheet 2003"
 * is XML; and a login or error page saved in place of an API's answer is HTML. Read as CSV, such a
 * file failed with a message about columns named `<html>` or `<table border="1">`, and as JSON
 * with a syntax error at line 1: neither says what the file is.
 */

export type MarkupKind = "html" | "xml-spreadsheet";

const HTML_START = /^<(?:!doctype\s+html|html|head|body|table|meta)[\s>]/i;
const XML_DECLARATION = /^<\?xml\s/;
const PROLOGUE = /^(?:<\?xml[^>]*>\s*|<!--[\s\S]*?-->\s*)*/;
/** The namespace of Excel's XML Spreadsheet 2003 (SpreadsheetML's predecessor). */
const XML_SPREADSHEET_NAMESPACE = "urn:schemas-microsoft-com:office:spreadsheet";
/** How far into the file its kind is looked for. */
const HEAD_CHARS = 2048;

/** What the text is, when it is a web page or an XML spreadsheet (a leading byte order mark and white space ignored). */
export function markupKind(text: string): MarkupKind | undefined {
  const head = text
    .slice(0, HEAD_CHARS)
    .replace(/^\uFEFF/, "")
    .trimStart();
  if (head.charCodeAt(0) !== 60 /* < */) return undefined;
  // XHTML starts with an XML declaration, and a page may start with a comment.
  if (HTML_START.test(head.replace(PROLOGUE, ""))) return "html";
  if (XML_DECLARATION.test(head) && head.includes(XML_SPREADSHEET_NAMESPACE)) return "xml-spreadsheet";
  return undefined;
}

/** Why such a file cannot be read as the source's `format`, and what to do. */
export function unreadableMarkup(kind: MarkupKind, format: string): string {
  if (kind === "xml-spreadsheet") {
    return "an Excel XML Spreadsheet 2003, which deprov does not read: save it from Excel as .xlsx or as CSV UTF-8";
  }
  if (format === "csv") {
    return "a web page (HTML), not CSV: web apps' \"Export to Excel\" often write an HTML table under a spreadsheet's name; open it in Excel and save it as .xlsx or as CSV UTF-8, or export CSV";
  }
  return `a web page (HTML), not the ${format} export: a login or error page saved in its place? Export it again`;
}
