import { describe, expect, it } from "vitest";
import { renderManagerDigests } from "../../../reports/email/manager-digest.ts";
import {
  ANA_WAIVED_SEAT,
  DANA_GHOST,
  DANA_LAPTOP,
  DANA_SEAT,
  KIM_LATE,
  KIM_PHONE,
  LEE_SEAT,
  managedOrg,
  NOA_SEAT,
  SAM_JOB,
  SAM_WAIVED_GHOST,
} from "./digest-fixtures.ts";

const HTML_TAG =
  /<\/?(?:html|body|head|p|div|span|table|thead|tbody|tr|td|th|h[1-6]|ul|li|br|strong|em|code|a)\b/i;

describe("renderManagerDigests", () => {
  it("sends each manager one digest about their departed reports, and no one else", () => {
    // Prepare
    const result = managedOrg();

    // Act
    const { digests, managersWithoutEmail, leaversWithoutManager } = renderManagerDigests(result);

    // Assess
    expect(digests.map((d) => [d.managerId, d.to, d.reportIds])).toEqual([
      ["M0100", "maria.gonzalez@acme.com", ["E1001", "E3001"]],
      ["M0200", "omar.haddad@acme.com", ["E1003"]],
    ]);
    expect(managersWithoutEmail).toEqual(["M0300"]);
    expect(leaversWithoutManager).toEqual(["E1002"]);
  });

  it("lists what each departed report left behind, by what the manager has to do, with system and id", () => {
    // Prepare
    const result = managedOrg();

    // Act
    const [maria] = renderManagerDigests(result).digests;

    // Assess
    expect(maria?.subject).toBe(
      "[deprov] Acme Corp: 4 items to take over or reassign from Dana Whitfield and Sam Ortiz",
    );
    expect(maria?.findingIds.sort()).toEqual(
      [DANA_GHOST.id, DANA_SEAT.id, DANA_LAPTOP.id, SAM_JOB.id].sort(),
    );
    const text = maria?.text ?? "";
    expect(text).toMatch(/^Hello Maria Gonzalez,\n/);
    expect(text).toContain("Dana Whitfield (E1001), Sales — last day 2024-03-01");
    expect(text).toContain("Sam Ortiz (E3001), Sales — last day 2024-04-30");
    expect(text).toContain("  Accounts to take over, close or release:");
    expect(text).toContain("  - okta: 00u1a2b3c4d5e6f7g8h9 (dana.whitfield@acme.com) [high]");
    expect(text).toContain(
      [
        "    Still enabled. Save what you need from it, then have IT disable it.",
        "    Overdue: 91 days; disable was due 3 Mar 2024, 00:00 EST",
        "    Last sign-in: 4 Mar 2024, 09:22 EST, after they left",
        "  - slack: W012A3CDE [low]",
      ].join("\n"),
    );
    // The row, the heading and the action already say whose it is, what it is and what it costs.
    expect(text).not.toMatch(/Matched by|Left:|Cost:/);
    expect(maria?.html).toContain("Overdue: 91 days; disable was due 3 Mar 2024, 00:00 EST");
    expect(text).toContain("  - slack: W012A3CDE [low]");
    expect(text).toContain("    Paid seat still assigned ($12.50 a month).");
    expect(text).toContain("  Devices to recover:");
    expect(text).toContain("  - laptops: ASSET-00042 (serial C02XK1ZJJGH5) [high]");
    expect(text).toContain("  Data and jobs they own, to reassign:");
    expect(text).toContain("  - jobs: dag-nightly-revenue-export (airflow-dag) [high]");
    expect(text).toContain(
      "    Scheduled job (0 2 * * *) still runs as them. Assign a new owner, or have it stopped.",
    );
    expect(text).not.toMatch(HTML_TAG);
    const html = maria?.html ?? "";
    for (const expected of [
      "Dana Whitfield",
      "00u1a2b3c4d5e6f7g8h9",
      "ASSET-00042",
      "dag-nightly-revenue-export",
    ]) {
      expect(html).toContain(expected);
    }
    expect(html).toContain(">okta<");
    expect(html).toContain(">jobs<");
  });

  it("leaves out waived findings, active people, people not gone yet and breaches with nothing left to do", () => {
    // Prepare
    const result = managedOrg();

    // Act
    const { digests } = renderManagerDigests(result);

    // Assess
    const everything = digests.flatMap((d) => [d.text, d.html]).join("\n");
    const listed = digests.flatMap((d) => d.findingIds);
    for (const left of [SAM_WAIVED_GHOST, ANA_WAIVED_SEAT, LEE_SEAT, NOA_SEAT, KIM_LATE]) {
      expect(listed).not.toContain(left.id);
      expect(everything).not.toContain(left.subject.id);
    }
    expect(digests.some((d) => d.managerId === "M0400")).toBe(false);
    expect(everything).not.toContain("Lee Park");
    expect(everything).not.toContain("Noa Levi");
    expect(digests.find((d) => d.managerId === "M0200")?.findingIds).toEqual([KIM_PHONE.id]);
  });

  it("escapes roster and source text in the HTML and keeps the subject on one line", () => {
    // Prepare
    const script = "<script>alert(1)</script>";
    const base = managedOrg();
    const result = managedOrg({
      organization: "Acme\r\nBcc: attacker@example.com",
      people: {
        ...base.people,
        M0200: { name: `Omar ${script}`, email: "omar.haddad@acme.com" },
        E1003: {
          name: `Kim\r\nBcc: attacker@example.com ${script}`,
          managerId: "M0200",
          department: "<i>Support</i>",
          terminationDate: "2024-05-10",
        },
      },
      findings: [
        {
          ...KIM_PHONE,
          subject: { type: "asset", id: `PHONE-<b>311</b>` },
          evidence: { ...KIM_PHONE.evidence, serial: `<img src=x onerror=alert(1)>`, type: script },
        },
      ],
    });

    // Act
    const [omar] = renderManagerDigests(result).digests;

    // Assess
    expect(omar?.subject).toBe(
      `[deprov] Acme Bcc: attacker@example.com: 1 item to take over or reassign from Kim Bcc: attacker@example.com ${script}`,
    );
    expect(omar?.subject).not.toMatch(/[\r\n]/);
    const html = omar?.html ?? "";
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>311");
    expect(html).not.toContain("<i>Support");
    expect(html).toContain("Omar &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("PHONE-&lt;b&gt;311&lt;/b&gt;");
    expect(html).toContain("serial &lt;img src=x onerror=alert(1)&gt;");
    expect(omar?.text).toContain(`PHONE-<b>311</b> (${script}, serial <img src=x onerror=alert(1)>)`);
  });

  it("names the first two reports in the subject and counts the rest", () => {
    // Prepare
    const base = managedOrg();
    const people = { ...base.people };
    const findings = [];
    for (const [id, name] of [
      ["E7001", "Avery Stone"],
      ["E7002", "Blake Moreno"],
      ["E7003", "Casey Tran"],
      ["E7004", "Drew Patel"],
    ] as const) {
      people[id] = { name, managerId: "M0400", terminationDate: "2024-04-01" };
      findings.push({ ...DANA_SEAT, id: `unused-license:${id}`, personId: id });
    }

    // Act
    const { digests } = renderManagerDigests(managedOrg({ people, findings }));

    // Assess
    expect(digests.map((d) => d.subject)).toEqual([
      "[deprov] Acme Corp: 4 items to take over or reassign from Avery Stone, Blake Moreno and 2 others",
    ]);
  });
});
