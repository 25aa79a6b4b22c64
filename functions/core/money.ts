/**
 * Costs in the sources (`monthlyCostPerSeat`, `monthlyCost`) are amounts in the org's currency;
 * one written with another currency is not read (functions/sources/written-amounts.ts).
 */

/** ISO 4217 code used when the config names none (`report.currency`). */
export const DEFAULT_CURRENCY = "USD";

/** The org's currency: the config's `report.currency`, or USD. */
export function orgCurrency(config: {
  readonly report?: { readonly currency?: string | undefined } | undefined;
}): string {
  return config.report?.currency ?? DEFAULT_CURRENCY;
}
