/** The policy thresholds rules apply (SPEC §2 `policy`); the config loader fills in defaults. */
export interface Policy {
  disableWithinHours: number;
  deleteAfterDays: number;
  deviceReturnDays: number;
  dormantAfterDays: number;
  credentialMaxIdleDays: number;
  roleChangeGraceDays: number;
  lookbackDays: number;
  maxSourceAgeDays: number;
  maxRosterShrinkPercent: number;
  maxSourceShrinkPercent: number;
  maxRejectedPercent: number;
}
