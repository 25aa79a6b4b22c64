/**
 * An XML part of a workbook read as it unzips, one SAX event at a time (saxes): a sheet of 100,000
 * rows is never held as a document, only as the rows taken from it.
 *
 * Element names are handed over without their prefix: most writers use the default namespace
 * (`<row>`), some prefix it (`<x:row>`), and both mean the same element. Attributes keep theirs.
 */
import { SaxesParser } from "saxes";

export interface XmlHandlers {
  open?(name: string, attributes: Readonly<Record<string, string>>): void;
  text?(text: string): void;
  close?(name: string): void;
}

export async function readXml(part: AsyncIterable<Uint8Array>, handlers: XmlHandlers): Promise<void> {
  const parser = new SaxesParser();
  const { open, text, close } = handlers;
  if (open !== undefined) {
    parser.on("opentag", (tag) => open(localName(tag.name), tag.attributes as Record<string, string>));
  }
  if (text !== undefined) {
    parser.on("text", text);
    parser.on("cdata", text);
  }
  if (close !== undefined) parser.on("closetag", (tag) => close(localName(tag.name)));
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of part) parser.write(decoder.decode(chunk, { stream: true }));
  parser.write(decoder.decode());
  parser.close();
}

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}
