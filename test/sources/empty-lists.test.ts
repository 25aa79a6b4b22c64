import { describe, expect, it } from "vitest";
import { NO_CREDENTIALS, NO_GROUPS } from "../../functions/sources/empty-lists.ts";

describe("the shared empty lists", () => {
  it("cannot be changed, so no account can leak a group or a credential into every other", () => {
    // Act
    const addGroup = () => NO_GROUPS.push("admins");
    const addCredential = () => NO_CREDENTIALS.push({ id: "access_key_1", active: true });

    // Assess
    expect(addGroup).toThrow(TypeError);
    expect(addCredential).toThrow(TypeError);
    expect([NO_GROUPS, NO_CREDENTIALS]).toEqual([[], []]);
  });
});
