/**
 * What account exports write where a user never signed in: Google Workspace's user download says
 * "Never logged in", other admin consoles "Never" or "Never signed in". deprov's model says it
 * with no `lastLoginAt` (SPEC §3: `neverLoggedIn` in the evidence), so such a value is read as no
 * login, not as a malformed timestamp that would be dropped with a warning and hold the account.
 */
const NEVER = /^never\b/i;

export function isNeverLoggedIn(text: string | undefined): boolean {
  return text !== undefined && NEVER.test(text);
}
