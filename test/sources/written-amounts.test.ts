import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readWrittenAmount } from "../../functions/sources/written-amounts.ts";
import { accounts, parseCsvText } from "../support/parsed-records.ts";

describe("costs written with a currency or grouped thousands", () => {
  it.each([
    ["12.5", "USD", 12.5],
    ["1e3", "USD", 1000],
    ["1.234", "USD", 1.234],
    ["$12.50", "USD", 12.5],
    ["US$ 3", "USD", 3],
    ["12.50 USD", "USD", 12.5],
    ["usd 12.50", "USD", 12.5],
    ["1,234.50", "USD", 1234.5],
    ["$1,234,567", "USD", 1234567],
    ["12,50 €", "EUR", 12.5],
    ["EUR 12,5", "EUR", 12.5],
    ["1.234,50 €", "EUR", 1234.5],
    ["1.234.567", "EUR", 1234567],
    ["1 234,50 €", "EUR", 1234.5],
    ["1\u202f234,50\u00a0€", "EUR", 1234.5],
    ["CHF 1’234.50", "CHF", 1234.5],
    ["1'234.50", "CHF", 1234.5],
    ["₹1,23,456.50", "INR", 123456.5],
    ["¥1,200", "JPY", 1200],
    ["￥1,200", "JPY", 1200],
    ["12 kr", "SEK", 12],
    ["£9.99", "GBP", 9.99],
  ])("reads %s in %s as %d", (text, currency, amount) => {
    expect(readWrittenAmount(text, currency)).toEqual({ amount });
  });

  it.each([
    [
      "€12",
      "USD",
      'written in "€", not in the org\'s currency USD ("report.currency"): costs are not converted',
    ],
    [
      "$12",
      "EUR",
      'written in "$", not in the org\'s currency EUR ("report.currency"): costs are not converted',
    ],
    [
      "12.00 GBP",
      "USD",
      'written in "GBP", not in the org\'s currency USD ("report.currency"): costs are not converted',
    ],
    [
      "1,234",
      "USD",
      '"," may separate thousands or decimals here: write the amount without grouping (1234) or with its decimals (1,234.00 or 1.234,00)',
    ],
    [
      "€1.234",
      "EUR",
      '"." may separate thousands or decimals here: write the amount without grouping (1234) or with its decimals (1,234.00 or 1.234,00)',
    ],
  ])("does not read %s in %s: %s", (text, currency, problem) => {
    expect(readWrittenAmount(text, currency)).toEqual({ problem });
  });

  it.each([["Free"], ["12 €/month"], ["-$12"], ["$-12"], ["(12.00)"], ["12 zł"], ["1,2,3"], ["$12.00 USD"]])(
    "reads %s as no amount at all",
    (text) => {
      expect(readWrittenAmount(text, "USD")).toBeUndefined();
    },
  );

  it("reads every amount as Intl writes it in the locales whose exports people keep", () => {
    const locales: [string, string][] = [
      ["en-US", "USD"],
      ["en-GB", "GBP"],
      ["en-CA", "CAD"],
      ["fr-CA", "CAD"],
      ["de-DE", "EUR"],
      ["de-AT", "EUR"],
      ["fr-FR", "EUR"],
      ["nl-NL", "EUR"],
      ["es-ES", "EUR"],
      ["it-IT", "EUR"],
      ["de-CH", "CHF"],
      ["fr-CH", "CHF"],
      ["sv-SE", "SEK"],
      ["pl-PL", "PLN"],
      ["pt-BR", "BRL"],
      ["en-IN", "INR"],
      ["ja-JP", "JPY"],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...locales),
        fc.integer({ min: 0, max: 99_999_999_999 }),
        fc.boolean(),
        ([locale, currency], cents, asCurrency) => {
          const format = new Intl.NumberFormat(
            locale,
            asCurrency
              ? { style: "currency", currency }
              : { minimumFractionDigits: 2, maximumFractionDigits: 2 },
          );
          // What the text says, whatever rounding the currency's own decimals did.
          const shown = format
            .formatToParts(cents / 100)
            .filter((part) => ["integer", "decimal", "fraction"].includes(part.type))
            .map((part) => (part.type === "decimal" ? "." : part.value))
            .join("");
          expect(readWrittenAmount(format.format(cents / 100), currency)).toEqual({ amount: Number(shown) });
        },
      ),
      { numRuns: 2000, seed: 11 },
    );
  });
});

describe("a cost column written for display", () => {
  const COLUMNS = { accountId: "User", email: "Email", enabled: "Active", monthlyCost: "Seat Cost" };

  it("reads currency signs and grouped thousands, and drops with a warning what it cannot read", () => {
    // Prepare
    const text = [
      "User,Email,Active,Seat Cost",
      "u1,ana@northwind.com,yes,$12.50",
      'u2,ben@northwind.com,yes,"$1,234.00"',
      "u3,cy@northwind.com,yes,12.50 EUR",
      'u4,di@northwind.com,yes,"1,234"',
      "u5,ed@northwind.com,yes,N/A",
    ].join("\r\n");

    // Act
    const output = parseCsvText(text, "accounts", COLUMNS);

    // Assess
    expect(accounts(output).map((a) => a.monthlyCost)).toEqual([12.5, 1234, undefined, undefined, undefined]);
    expect(output.warnings?.map((w) => `${w.record}: ${w.field}: ${w.reason}`)).toEqual([
      expect.stringMatching(
        /^line 4: Seat Cost: expected a non-negative amount in USD, got "12.50 EUR": written in "EUR"/,
      ),
      expect.stringMatching(
        /^line 5: Seat Cost: expected a non-negative amount in USD, got "1,234": "," may separate/,
      ),
    ]);
    expect(output.held).toEqual(["account:u3", "account:u4"]);
  });

  it("reads a European export's costs in the org's currency", () => {
    // Prepare
    const text = [
      "User;Email;Active;Seat Cost",
      "u1;ana@northwind.com;yes;1.234,50 €",
      "u2;ben@northwind.com;yes;12,5",
    ].join("\r\n");

    // Act
    const output = parseCsvText(text, "accounts", COLUMNS, { currency: "EUR" });

    // Assess
    expect(output.warnings ?? []).toEqual([]);
    expect(accounts(output).map((a) => a.monthlyCost)).toEqual([1234.5, 12.5]);
  });
});
