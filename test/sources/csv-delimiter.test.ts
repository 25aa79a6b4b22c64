import { describe, expect, it } from "vitest";
import { detectDelimiter } from "../../functions/sources/csv-delimiter.ts";

describe("detectDelimiter: the separator of a CSV file's header line", () => {
  it.each([
    ["comma", "id,name,email\n1;2,x,y", ","],
    ["semicolon (Excel in Germany, Personio)", "Personalnummer;Name;E-Mail\r\n1,5;x;y", ";"],
    ["tab", "id\tname\temail\n", "\t"],
    ["pipe", "id|name|email", "|"],
    ["one column", "id\n1\n", ","],
    ["an empty file", "", ","],
    ["semicolons, with a comma inside a quoted name", '"Name, Vorname";E-Mail;Status\n', ";"],
    ["commas, with a semicolon in a column name", "id,groups (a;b),email\n", ","],
    ["semicolons and one tab inside a name", "id;first\tname;email\n", ";"],
  ])("%s", (_case, text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });

  it("looks at the header line only, wherever it ends (CRLF, LF or a lone CR)", () => {
    expect(detectDelimiter("id;name\r1,2,3")).toBe(";");
    expect(detectDelimiter('"a\nb";c\n1,2')).toBe(";");
  });
});
