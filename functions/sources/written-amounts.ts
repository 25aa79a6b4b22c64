/**
 * Costs as people and reports write them: with the currency (`$12.50`, `12,50 €`, `EUR 12.50`,
 * `12.50 USD`) and with the thousands grouped (`1,234.50`, `1.234,50`, `1 234,50`, `1'234.50`).
 * Billing exports and spreadsheets saved "as displayed" write costs so, and a cost that did not read
 * was dropped with a warning and its account held.
 *
 * Nothing is guessed:
 * - An amount in another currency than the org's (`report.currency`) is not read: costs are summed
 *   as license waste and are not converted.
 * - `1,234` (one comma before three digits, and nothing else) is 1234 in the US and 1.234 in
 *   much of Europe, so it is not read either, nor is `€1.234`; unless the currency has no decimals
 *   (`¥1,200`). `1,234.00`, `1,234,567`, `12,50` and `1.234,50` leave nothing to guess. `1.234`
 *   without a currency reads as 1.234, as it always has.
 *
 * Either way the value is dropped with a warning saying why, and its record held, as any malformed
 * optional value is.
 */

/** A cost as written: its amount, or why it is not read (undefined: it is not an amount at all). */
export type WrittenAmount = { amount: number } | { problem: string } | undefined;

/** `1,234.50`, `1,234,567`: commas between groups of three, a point before the decimals. */
const COMMA_GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
/** `1.234,50`, `1.234.567`: points between groups of three, a comma before the decimals. */
const POINT_GROUPED = /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/;
/** `1,23,456.50`: India's grouping, by two above the first three; no other country's. */
const LAKH_GROUPED = /^\d{1,2}(?:,\d{2})*,\d{2},\d{3}(?:\.\d+)?$/;
/** `1 234,50`, `1'234.50`: a space (NFKC makes no-break spaces plain) or an apostrophe between groups. */
const SPACE_GROUPED = /^\d{1,3}(?:[ '’]\d{3})+(?:[.,]\d+)?$/;
const DECIMAL_COMMA = /^\d+,\d+$/;
const PLAIN = /^(?:\d+(?:\.\d*)?|\.\d+)$/;
/** One grouping separator before exactly three digits, and nothing else: `1,234` or `1.234`. */
const ONE_GROUP = /^\d{1,3}[.,]\d{3}$/;

/** What may stand before or after the number: a symbol or a code, with or without a space. */
const LEADING_MARK = /^([^\d\s.,'’()+-]+)\s*/u;
const TRAILING_MARK = /\s*([^\d\s.,'’()+-]+)$/u;
const CURRENCY_SIGN = /\p{Sc}/u;

/** Where each currency's symbols are taken from: enough locales to see `US$`, `kr`, `zł`, `R$`. */
const SYMBOL_LOCALES = ["en", "en-CA", "de", "fr", "ja", "sv", "pl", "pt-BR", "en-IN"];

const marksByCurrency = new Map<string, ReadonlySet<string>>();

/** How `currency` may be written next to an amount: its code and its symbols, compared upper-case. */
function marksOf(currency: string): ReadonlySet<string> {
  let marks = marksByCurrency.get(currency);
  if (marks === undefined) {
    const found = new Set([currency.toUpperCase()]);
    for (const locale of SYMBOL_LOCALES) {
      for (const currencyDisplay of ["symbol", "narrowSymbol"] as const) {
        const parts = new Intl.NumberFormat(locale, {
          style: "currency",
          currency,
          currencyDisplay,
        }).formatToParts(1);
        const symbol = parts.find((part) => part.type === "currency")?.value;
        if (symbol !== undefined) found.add(symbol.normalize("NFKC").toUpperCase());
      }
    }
    marks = found;
    marksByCurrency.set(currency, marks);
  }
  return marks;
}

function hasNoDecimals(currency: string): boolean {
  return (
    new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits === 0
  );
}

let knownCodes: ReadonlySet<string> | undefined;

/** Whether `mark` names some currency: a short symbol with a currency sign (`$`, `CA$`), or an ISO 4217 code. */
function namesACurrency(mark: string): boolean {
  if (mark.length <= 3 && CURRENCY_SIGN.test(mark)) return true;
  knownCodes ??= new Set(Intl.supportedValuesOf("currency"));
  return knownCodes.has(mark.toUpperCase());
}

/** Reads `text` (trimmed, not empty) as an amount in `currency` (an ISO 4217 code). */
export function readWrittenAmount(text: string, currency: string): WrittenAmount {
  const plain = Number(text);
  if (Number.isFinite(plain)) return { amount: plain };
  let number = text.normalize("NFKC");
  let mark: string | undefined;
  const leading = LEADING_MARK.exec(number);
  if (leading !== null) {
    mark = leading[1] as string;
    number = number.slice(leading[0].length);
  } else {
    const trailing = TRAILING_MARK.exec(number);
    if (trailing !== null) {
      mark = trailing[1] as string;
      number = number.slice(0, number.length - trailing[0].length);
    }
  }
  if (mark !== undefined && !marksOf(currency).has(mark.toUpperCase())) {
    if (!namesACurrency(mark)) return undefined;
    return {
      problem: `written in "${mark}", not in the org's currency ${currency} ("report.currency"): costs are not converted`,
    };
  }
  // Before PLAIN: with a currency beside it, `€1.234` is written for display, where three decimals are rare.
  if (ONE_GROUP.test(number)) {
    // A currency without decimals (JPY, KRW) leaves nothing to guess: `¥1,200` is 1200.
    if (hasNoDecimals(currency)) return { amount: Number(number.replace(/[.,]/, "")) };
    const separator = number.charAt(number.length - 4);
    return {
      problem: `"${separator}" may separate thousands or decimals here: write the amount without grouping (1234) or with its decimals (1,234.00 or 1.234,00)`,
    };
  }
  if (PLAIN.test(number)) return { amount: Number(number) };
  if (COMMA_GROUPED.test(number)) return { amount: Number(number.replaceAll(",", "")) };
  if (LAKH_GROUPED.test(number)) return { amount: Number(number.replaceAll(",", "")) };
  if (POINT_GROUPED.test(number)) return { amount: Number(number.replaceAll(".", "").replace(",", ".")) };
  if (SPACE_GROUPED.test(number)) return { amount: Number(number.replace(/[ '’]/g, "").replace(",", ".")) };
  if (DECIMAL_COMMA.test(number)) return { amount: Number(number.replace(",", ".")) };
  return undefined;
}
