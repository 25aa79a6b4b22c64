/** Costs in the sources (`monthlyCostPerSeat`, `monthlyCost`) are plain amounts in the org's currency. */

/** ISO 4217 code used when the config names none (`report.currency`). */
export const DEFAULT_CURRENCY = "USD";
