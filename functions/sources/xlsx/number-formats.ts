/**
 * Each cell style's number format, from the workbook's styles (ECMA-376 Part 1, §18.8): a date is
 * stored as a number of days, and only its format says it is a date; an id stored as the number
 * 1234 under the format `000000` is shown as `001234`.
 *
 * A cell's `s` attribute indexes `cellXfs`; each `xf` names a format by id, either one of the
 * workbook's own (`numFmts`) or one built into Excel (§18.8.30), whose codes are not stored.
 */
import { readXml } from "./xml-stream.ts";
import type { ZipParts } from "./zip-parts.ts";

/** Excel's built-in formats that the file does not spell out (§18.8.30), as ExcelJS names them. */
const BUILT_IN: Readonly<Record<number, string>> = {
  1: "0",
  2: "0.00",
  3: "#,##0",
  4: "#,##0.00",
  9: "0%",
  10: "0.00%",
  11: "0.00E+00",
  12: "# ?/?",
  13: "# ??/??",
  14: "mm-dd-yy",
  15: "d-mmm-yy",
  16: "d-mmm",
  17: "mmm-yy",
  18: "h:mm AM/PM",
  19: "h:mm:ss AM/PM",
  20: "h:mm",
  21: "h:mm:ss",
  22: 'm/d/yy "h":mm',
  37: "#,##0 ;(#,##0)",
  38: "#,##0 ;[Red](#,##0)",
  39: "#,##0.00 ;(#,##0.00)",
  40: "#,##0.00 ;[Red](#,##0.00)",
  45: "mm:ss",
  46: "[h]:mm:ss",
  47: "mmss.0",
  48: "##0.0E+0",
  49: "@",
};

/**
 * Ids 27–36 and 50–58 are the dates and times of Chinese, Japanese and Korean Excel, spelled
 * differently in each locale; each is a date, whichever way it is spelled.
 */
const EAST_ASIAN_DATE = "yyyy-mm-dd";

function builtIn(id: number): string | undefined {
  if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return EAST_ASIAN_DATE;
  return BUILT_IN[id];
}

/** The number format code of each cell style, by the style's index (`undefined`: General). */
export async function readNumberFormats(
  zip: ZipParts,
  part: string | undefined,
): Promise<(string | undefined)[]> {
  if (part === undefined || !zip.has(part)) return [];
  const custom = new Map<number, string>();
  const formats: (string | undefined)[] = [];
  let inCellXfs = false;
  await readXml(zip.read(part), {
    open(name, attributes) {
      if (name === "numFmt" && attributes.numFmtId !== undefined && attributes.formatCode !== undefined) {
        custom.set(Number(attributes.numFmtId), attributes.formatCode);
      } else if (name === "cellXfs") {
        inCellXfs = true;
      } else if (name === "xf" && inCellXfs) {
        const id = Number(attributes.numFmtId ?? 0);
        // Id 0 is General: no format.
        formats.push(id > 0 ? (custom.get(id) ?? builtIn(id)) : undefined);
      }
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
  });
  return formats;
}

/**
 * Whether a format shows a date or a time: it has a date or time code (`y`, `m`, `d`, `h`, `s`)
 * outside quoted text and brackets (`[Red]`, `[$-409]`), as ExcelJS decides it.
 */
export function isDateFormat(code: string | undefined): boolean {
  if (code === undefined) return false;
  const codes = code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]/.test(codes);
}
