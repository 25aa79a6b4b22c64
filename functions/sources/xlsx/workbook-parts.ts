/**
 * What a workbook is made of, from its package relationships (ECMA-376 Part 2) and its
 * `workbook.xml` (Part 1, §18.2): its worksheets in tab order with their names, visibility and parts;
 * where its shared strings and styles are; and whether its dates count from 1904 (Excel for Mac
 * before 2011) rather than 1900. Part names are resolved from the relationships, not assumed: most
 * writers use `xl/…`, not all.
 */
import { readXml } from "./xml-stream.ts";
import type { ZipParts } from "./zip-parts.ts";

export interface SheetPart {
  name: string;
  /** `visible`, `hidden` or `veryHidden`. */
  state: string;
  /** The sheet's part in the archive; undefined when the workbook names none. */
  part: string | undefined;
}

export interface WorkbookParts {
  sheets: SheetPart[];
  date1904: boolean;
  sharedStrings: string | undefined;
  styles: string | undefined;
}

const OFFICE_DOCUMENT = /\/officeDocument$/;
const SHARED_STRINGS = /\/sharedStrings$/;
const STYLES = /\/styles$/;
const WORKSHEET = /\/worksheet$/;

export async function readWorkbookParts(zip: ZipParts): Promise<WorkbookParts> {
  const packageRels = zip.has("_rels/.rels") ? await relationships(zip, "_rels/.rels", "") : [];
  const workbook = packageRels.find((r) => OFFICE_DOCUMENT.test(r.type))?.target ?? "xl/workbook.xml";
  const folder = workbook.slice(0, workbook.lastIndexOf("/") + 1);
  const relsPart = `${folder}_rels/${workbook.slice(folder.length)}.rels`;
  const rels = zip.has(relsPart) ? await relationships(zip, relsPart, folder) : [];
  const byId = new Map(rels.map((r) => [r.id, r]));

  const sheets: SheetPart[] = [];
  let date1904 = false;
  await readXml(zip.read(workbook), {
    open(name, attributes) {
      if (name === "workbookPr") date1904 = isTrue(attributes.date1904);
      if (name !== "sheet") return;
      const id = relationshipId(attributes);
      const relationship = id === undefined ? undefined : byId.get(id);
      // A chart sheet (a dashboard's first tab, often) or a macro sheet holds no table.
      if (relationship !== undefined && !WORKSHEET.test(relationship.type)) return;
      sheets.push({
        name: attributes.name ?? "",
        state: attributes.state ?? "visible",
        part: relationship?.target,
      });
    },
  });
  return {
    sheets,
    date1904,
    // Some writers leave these relationships out; their parts are then where Excel puts them.
    sharedStrings:
      rels.find((r) => SHARED_STRINGS.test(r.type))?.target ?? present(zip, `${folder}sharedStrings.xml`),
    styles: rels.find((r) => STYLES.test(r.type))?.target ?? present(zip, `${folder}styles.xml`),
  };
}

interface Relationship {
  id: string;
  type: string;
  /** The part's name in the archive. */
  target: string;
}

async function relationships(zip: ZipParts, part: string, folder: string): Promise<Relationship[]> {
  const found: Relationship[] = [];
  await readXml(zip.read(part), {
    open(name, attributes) {
      if (name !== "Relationship" || attributes.TargetMode === "External") return;
      const { Id: id, Type: type, Target: target } = attributes;
      if (id === undefined || type === undefined || target === undefined) return;
      found.push({ id, type, target: partName(folder, target) });
    },
  });
  return found;
}

/** A relationship's target as a part name: absolute (`/xl/…`) or relative to the source's folder. */
function partName(folder: string, target: string): string {
  const path = target.startsWith("/") ? target.slice(1) : `${folder}${target}`;
  const resolved: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "..") resolved.pop();
    else if (segment !== "." && segment !== "") resolved.push(segment);
  }
  return resolved.join("/");
}

function present(zip: ZipParts, part: string): string | undefined {
  return zip.has(part) ? part : undefined;
}

/** `r:id`, whatever prefix the writer gave the relationships namespace. */
function relationshipId(attributes: Readonly<Record<string, string>>): string | undefined {
  for (const name in attributes) if (name === "id" || name.endsWith(":id")) return attributes[name];
  return undefined;
}

function isTrue(value: string | undefined): boolean {
  return value === "1" || value === "true";
}
