/**
 * Okta `GET /api/v1/users`: a JSON array of user objects as the API returns them (all pages merged),
 * with lifecycle `status`, nullable `lastLogin`/`passwordChanged`, `profile` and `_links`.
 */
import type { GenAccount } from "../account-plan.ts";
import { writeRecordsFile } from "../file-writer.ts";
import { base62 } from "../prng.ts";
import { jsonFrame, RECORDS } from "../serialization.ts";
import { isoMillis } from "../time-format.ts";
import { type AccountFileContext, type AccountFormatWriter, base62Id } from "./account-format.ts";

export const oktaWriter: AccountFormatWriter = {
  accountId: oktaId,
  loginOf: (account) => account.email || account.handle,
  write(path, accounts, context) {
    const frame = jsonFrame(RECORDS, context.pretty);
    const typeId = `oty${base62(context.salt, 6)}${base62(context.salt >>> 3, 6)}${base62(context.salt >>> 7, 5)}`;
    return writeRecordsFile(
      path,
      frame.head,
      accounts,
      (a) => frame.item(oktaUser(a, context, typeId)),
      frame.separator,
      frame.tail,
    );
  },
};

function oktaId(account: GenAccount, context: AccountFileContext): string {
  return account.id ?? `00u${base62Id(account.seq, context.salt, 3).slice(0, 17)}`;
}

export function oktaStatusOf(account: GenAccount): string {
  if (account.enabled) return account.oktaStatus ?? "ACTIVE";
  return account.oktaStatus === "SUSPENDED" ? "SUSPENDED" : "DEPROVISIONED";
}

function oktaUser(account: GenAccount, context: AccountFileContext, typeId: string): unknown {
  const id = oktaId(account, context);
  const status = oktaStatusOf(account);
  const activatedAt = account.createdAt + 120_000;
  const statusChangedAt = account.enabled ? activatedAt : (account.disabledAt ?? activatedAt);
  const lastUpdatedAt = Math.max(statusChangedAt, account.lastLoginAt ?? 0) + 1_000;
  const login = account.email || account.handle;
  const profile: Record<string, unknown> = {
    firstName: account.firstName,
    lastName: account.lastName,
    mobilePhone: null,
    secondEmail: null,
    login,
    email: login,
  };
  if (account.employeeId !== undefined) profile.employeeNumber = account.employeeId;
  if (account.department !== undefined) profile.department = account.department;
  if (account.title !== undefined) profile.title = account.title;
  const hasPassword = account.hasPassword && status !== "PROVISIONED";
  return {
    id,
    status,
    created: isoMillis(account.createdAt),
    activated: isoMillis(activatedAt),
    statusChanged: isoMillis(statusChangedAt),
    lastLogin: account.lastLoginAt === undefined ? null : isoMillis(account.lastLoginAt),
    lastUpdated: isoMillis(lastUpdatedAt),
    passwordChanged: hasPassword ? isoMillis(account.createdAt + 3_600_000) : null,
    type: { id: typeId },
    profile,
    credentials: {
      ...(hasPassword ? { password: {} } : {}),
      emails: [{ value: login, status: "VERIFIED", type: "PRIMARY" }],
      provider: { type: "OKTA", name: "OKTA" },
    },
    _links: { self: { href: `https://${context.orgSlug}.okta.com/api/v1/users/${id}` } },
  };
}
