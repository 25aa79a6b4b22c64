/** Every rule, in SPEC §4 order: the engine runs them in this order and RULES.md lists them so. */
import { dormantAccountRule } from "./dormant-account.ts";
import { ghostAccountRule } from "./ghost-account.ts";
import { lateDisableRule } from "./late-disable.ts";
import { orphanAccountRule } from "./orphan-account.ts";
import { orphanedResourceRule } from "./orphaned-resource.ts";
import { overdueDeletionRule } from "./overdue-deletion.ts";
import { retainedAccessAfterRoleChangeRule } from "./retained-access-after-role-change.ts";
import type { Rule } from "./rule.ts";
import { staleCredentialRule } from "./stale-credential.ts";
import { staleSourceRule } from "./stale-source.ts";
import { systemWithoutAdminRule } from "./system-without-admin.ts";
import { undocumentedOffboardingRule } from "./undocumented-offboarding.ts";
import { unreturnedDeviceRule } from "./unreturned-device.ts";
import { unusedLicenseRule } from "./unused-license.ts";

export const ALL_RULES: readonly Rule[] = [
  ghostAccountRule,
  orphanAccountRule,
  lateDisableRule,
  overdueDeletionRule,
  unreturnedDeviceRule,
  unusedLicenseRule,
  dormantAccountRule,
  staleCredentialRule,
  undocumentedOffboardingRule,
  systemWithoutAdminRule,
  orphanedResourceRule,
  retainedAccessAfterRoleChangeRule,
  staleSourceRule,
];
