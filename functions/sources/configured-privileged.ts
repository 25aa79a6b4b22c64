/**
 * A source's `privileged` config list names account ids or usernames that hold admin rights there
 * (SPEC §2). Parsers OR it with whatever the system itself reports.
 */
import type { SourceConfig } from "../config/schema.ts";

export class ConfiguredPrivileged {
  private readonly names: ReadonlySet<string>;

  constructor(source: SourceConfig) {
    this.names = new Set(source.privileged ?? []);
  }

  includes(accountId: string, username: string | undefined): boolean {
    if (this.names.size === 0) return false;
    return this.names.has(accountId) || (username !== undefined && this.names.has(username));
  }
}
