/**
 * SCIM 2.0 `GET /Users` ListResponse (RFC 7643/7644) as Slack and Zoom serve it: core User schema
 * plus the enterprise extension (`employeeNumber`, `department`), `groups[].display`, `meta.created`.
 */
import type { GenAccount } from "../account-plan.ts";
import { writeRecordsFile } from "../file-writer.ts";
import { base62, hashText, mix32 } from "../prng.ts";
import { jsonFrame, RECORDS } from "../serialization.ts";
import { isoSeconds } from "../time-format.ts";
import { type AccountFileContext, type AccountFormatWriter, base62Id, idWords } from "./account-format.ts";

export const SCIM_LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const SCIM_ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const UPPER36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

export const scimWriter: AccountFormatWriter = {
  accountId: scimId,
  loginOf: userNameOf,
  write(path, accounts, context) {
    const frame = jsonFrame(
      {
        schemas: [SCIM_LIST_RESPONSE],
        totalResults: accounts.length,
        itemsPerPage: accounts.length,
        startIndex: 1,
        Resources: RECORDS,
      },
      context.pretty,
    );
    return writeRecordsFile(
      path,
      frame.head,
      accounts,
      (a) => frame.item(scimUser(a, context)),
      frame.separator,
      frame.tail,
    );
  },
};

function isSlack(context: AccountFileContext): boolean {
  return context.system.product === "slack";
}

function scimId(account: GenAccount, context: AccountFileContext): string {
  if (account.id !== undefined) return account.id;
  if (!isSlack(context)) return base62Id(account.seq, context.salt, 4).slice(0, 22);
  // Slack member ids: `U` and ten upper-case letters or digits.
  const [a, b] = idWords(account.seq, context.salt);
  return `U${upper36(a, 7)}${upper36(b, 3)}`;
}

function upper36(value: number, width: number): string {
  let v = value >>> 0;
  let out = "";
  for (let i = 0; i < width; i++) {
    out = UPPER36.charAt(v % 36) + out;
    v = Math.floor(v / 36);
  }
  return out;
}

/** Slack's userName is the member's handle; Zoom's is the email address. */
function userNameOf(account: GenAccount, context: AccountFileContext): string {
  return isSlack(context) ? account.handle : account.email || account.handle;
}

function scimUser(account: GenAccount, context: AccountFileContext): unknown {
  const id = scimId(account, context);
  const enterprise: Record<string, string> = {};
  if (account.employeeId !== undefined) enterprise.employeeNumber = account.employeeId;
  if (account.department !== undefined) enterprise.department = account.department;
  const hasEnterprise = Object.keys(enterprise).length > 0;
  const location = isSlack(context)
    ? `https://api.slack.com/scim/v2/Users/${id}`
    : `https://api.zoom.us/scim2/Users/${id}`;
  const user: Record<string, unknown> = {
    schemas: hasEnterprise ? [SCIM_USER, SCIM_ENTERPRISE_USER] : [SCIM_USER],
    id,
    meta: { resourceType: "User", created: isoSeconds(account.createdAt), location },
    userName: userNameOf(account, context),
  };
  if (isSlack(context)) user.nickName = account.handle;
  user.name = { givenName: account.firstName, familyName: account.lastName };
  user.displayName = `${account.firstName} ${account.lastName}`;
  if (account.title !== undefined) user.title = account.title;
  user.active = account.enabled;
  user.emails = account.email === "" ? [] : [{ value: account.email, type: "work", primary: true }];
  if (isSlack(context)) {
    user.groups = account.groups.map((name) => ({ value: slackGroupId(name, context.salt), display: name }));
  }
  if (hasEnterprise) user[SCIM_ENTERPRISE_USER] = enterprise;
  return user;
}

/** Slack user-group ids: `S` and ten upper-case letters or digits, stable per name. */
function slackGroupId(name: string, salt: number): string {
  const h = mix32(hashText(name) ^ salt);
  return `S${upper36(h, 7)}${base62(mix32(h), 3).toUpperCase()}`;
}
