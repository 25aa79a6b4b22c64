import { describe, expect, it } from "vitest";
import { renderTasksJson, type TaskChange, tasksFileOf } from "../../functions/scan/tasks-file.ts";

const created: TaskChange = {
  kind: "create",
  key: "leaver:E1042",
  title: "Offboarding incomplete: Dana Whitfield (E1042), 2 open findings",
  sink: "jira",
  externalId: "SEC-812",
  url: "https://acme.atlassian.net/browse/SEC-812",
  findingIds: ["ghost-account:0b6c1f2e9d8a7c6b5a4f", "unreturned-device:9a8b7c6d5e4f3a2b1c0d"],
};

describe("tasks.json", () => {
  it("names each changed task once, by key, with the sink's key and a link where the sink gives one", () => {
    // Prepare: an earlier attempt's record of the same task, then this attempt's.
    const earlier: TaskChange = { ...created, findingIds: ["ghost-account:0b6c1f2e9d8a7c6b5a4f"] };
    const closed: TaskChange = {
      kind: "close",
      key: "system:okta:hygiene",
      title: "Access hygiene in okta: 1 open finding",
      sink: "jira",
      externalId: "SEC-790",
      findingIds: ["dormant-account:1f2e3d4c5b6a79880716"],
    };

    // Act
    const file = tasksFileOf("20261126T140000Z-1a2b3c4d", [closed, earlier, created]);

    // Assess
    expect(file).toEqual({
      schemaVersion: 1,
      scanId: "20261126T140000Z-1a2b3c4d",
      tasks: [
        {
          id: "leaver:E1042",
          sink: "jira",
          title: created.title,
          personId: "E1042",
          sourceId: null,
          change: "created",
          findingIds: created.findingIds,
          externalKey: "SEC-812",
          url: "https://acme.atlassian.net/browse/SEC-812",
        },
        {
          id: "system:okta:hygiene",
          sink: "jira",
          title: closed.title,
          personId: null,
          sourceId: "okta",
          change: "closed",
          findingIds: closed.findingIds,
          externalKey: "SEC-790",
        },
      ],
    });
  });

  it("is JSON with one task a line, and says so when the scan changed nothing", () => {
    // Act
    const full = renderTasksJson(tasksFileOf("s1", [created]));
    const empty = renderTasksJson(tasksFileOf("s2", [], true));

    // Assess
    expect(JSON.parse(full)).toEqual(tasksFileOf("s1", [created]));
    expect(full.split("\n")).toHaveLength(4);
    expect(JSON.parse(empty)).toEqual({ schemaVersion: 1, scanId: "s2", dryRun: true, tasks: [] });
  });
});
