import { describe, expect, it } from "vitest";
import { unreturnedDeviceRule } from "../../../functions/core/rules/unreturned-device.ts";
import { at, scenario } from "../../support/scenario.ts";

const DEV = { employeeId: "E5001", name: "Dev Patel", email: "dev.patel@acme.com" };

describe("unreturned-device", () => {
  it("does not fire inside the return window", () => {
    // Prepare: terminated 2025-06-11T04:00Z, return due 2025-06-25.
    const context = scenario()
      .leaver({ ...DEV, terminationDate: "2025-06-10" })
      .asset({ assetId: "LAP-0042", serial: "C02XK1JHJG5J", type: "Laptop", assignedTo: "E5001" })
      .build();

    // Act
    const result = unreturnedDeviceRule.evaluate(context);

    // Assess
    expect(result).toEqual({ findings: [], notEvaluated: [] });
  });

  it("fires high for a device still assigned after termination + deviceReturnDays", () => {
    // Prepare: terminated 2025-05-02T04:00Z, return due 2025-05-16T04:00Z.
    const context = scenario()
      .leaver({ ...DEV, terminationDate: "2025-05-01" })
      .asset({
        assetId: "LAP-0042",
        serial: "C02XK1JHJG5J",
        type: "Laptop",
        assignedTo: "dev.patel@acme.com",
        assignedAt: at("2023-02-01T14:00:00Z"),
      })
      .build();

    // Act
    const [finding, ...rest] = unreturnedDeviceRule.evaluate(context).findings;

    // Assess
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      severity: "high",
      sourceId: "laptops",
      subject: { type: "asset", id: "LAP-0042" },
      personId: "E5001",
      title: "Device not returned by departed person",
      evidence: {
        assetId: "LAP-0042",
        serial: "C02XK1JHJG5J",
        type: "Laptop",
        status: "deployed",
        assignedTo: "dev.patel@acme.com",
        assignedAt: "2023-02-01T14:00:00.000Z",
        matchedBy: "email",
        matchedOn: "dev.patel@acme.com",
        terminationDate: "2025-05-01",
        deviceReturnDays: 14,
        returnDueAt: "2025-05-16T04:00:00.000Z",
        daysOverdue: 31,
      },
    });
  });

  it("correlates a holder by username", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...DEV, terminationDate: "2025-05-01" })
      .asset({ assetId: "PHN-0007", type: "Phone", assignedTo: "dev.patel" })
      .build();

    // Act
    const [finding] = unreturnedDeviceRule.evaluate(context).findings;

    // Assess
    expect(finding?.evidence).toMatchObject({ matchedBy: "username", matchedOn: "dev.patel" });
  });

  it("does not fire for returned devices, active holders or unassigned devices", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...DEV, terminationDate: "2025-05-01" })
      .person({ employeeId: "E5002", email: "eva.moss@acme.com" })
      .asset({ assetId: "LAP-0042", assignedTo: "E5001", status: "Returned" })
      .asset({ assetId: "LAP-0043", assignedTo: "E5002" })
      .asset({ assetId: "LAP-0044" })
      .build();

    // Act / Assess
    expect(unreturnedDeviceRule.evaluate(context).findings).toEqual([]);
  });

  it("still fires for a device marked lost by a leaver", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...DEV, terminationDate: "2025-05-01" })
      .asset({ assetId: "LAP-0042", assignedTo: "E5001", status: "lost" })
      .build();

    // Act / Assess
    expect(unreturnedDeviceRule.evaluate(context).findings[0]?.evidence.status).toBe("lost");
  });

  it("emits nothing for a failed asset source", () => {
    // Prepare
    const context = scenario()
      .leaver({ ...DEV, terminationDate: "2025-05-01" })
      .asset({ assetId: "LAP-0042", assignedTo: "E5001" })
      .updateSource("laptops", { status: "failed" })
      .build();

    // Act / Assess
    expect(unreturnedDeviceRule.evaluate(context).findings).toEqual([]);
  });
});
