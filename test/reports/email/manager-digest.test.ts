import { describe, expect, it } from "vitest";
import type { ScanResult } from "../../../functions/scan/contract/scan-result.ts";
import { renderManagerDigest } from "../../../reports/email/manager-digest.ts";
import {
  type DigestRoutingOptions,
  FALLBACK_RECIPIENT_ID,
  HANDOVER_CATEGORIES,
  routeManagerDigests,
} from "../../../reports/email/manager-digest-routing.ts";
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

const ROUTING: DigestRoutingOptions = {
  minSeverity: "low",
  mayReceive: (address) => address.endsWith("@acme.com"),
  fallbackRecipients: [],
};

/** Each routed digest rendered, with the reports and findings it lists. */
function renderManagerDigests(result: ScanResult, options: Partial<DigestRoutingOptions> = {}) {
  const routing = routeManagerDigests(result, { ...ROUTING, ...options });
  return {
    ...routing,
    digests: routing.groups.map((group) => ({
      ...renderManagerDigest(group, result),
      reportIds: group.reports.map((report) => report.personId),
      findingIds: group.reports.flatMap((report) =>
        HANDOVER_CATEGORIES.flatMap((category) => report.items[category].map((finding) => finding.id)),
      ),
    })),
  };
}

const HTML_TAG =
  /<\/?(?:html|body|head|p|div|span|table|thead|tbody|tr|td|th|h[1-6]|ul|li|br|strong|em|code|a)\b/i;

describe("renderManagerDigests", () => {
  it("sends each manager one digest about their departed reports, and no one else", () => {
    // Prepare
    const result = managedOrg();

    // Act
    const { digests, passedOver, unrouted } = renderManagerDigests(result);

    // Assess
    expect(digests.map((d) => [d.managerId, d.to, d.reportIds])).toEqual([
      ["M0100", ["maria.gonzalez@acme.com"], ["E1001", "E3001"]],
      ["M0200", ["omar.haddad@acme.com"], ["E1003"]],
    ]);
    expect(passedOver["no-address"]).toEqual(["M0300"]);
    expect(unrouted).toEqual(["E1002", "E4001"]);
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
    expect(text).toContain("  - laptops: ASSET-00042 (Mobile Phones, serial F2LDQ25P394) [high]");
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

  describe("when the manager the roster names cannot take it", () => {
    it("goes up the chain past a manager who has left, and says who the leaver reported to", () => {
      // Prepare
      const base = managedOrg();
      const result = managedOrg({
        people: {
          ...base.people,
          // Omar has left too; his manager is Ines.
          M0200: { ...base.people.M0200, managerId: "M0400", terminationDate: "2024-05-20" },
        },
      });

      // Act
      const { digests, passedOver } = renderManagerDigests(result);

      // Assess
      expect(digests.map((d) => [d.managerId, d.reportIds])).toEqual([
        ["M0100", ["E1001", "E3001"]],
        ["M0400", ["E1003"]],
      ]);
      expect(passedOver.departed).toEqual(["M0200"]);
      expect(digests[1]?.text).toContain(
        "Kim Lee (E1003), Support — last day 2024-05-10 — reported to M0200",
      );
    });

    it("never mails an address outside the organisation's domains: the leaver goes up the chain instead", () => {
      // Prepare
      const base = managedOrg();
      const result = managedOrg({
        people: {
          ...base.people,
          M0200: { ...base.people.M0200, email: "omar@gmail.com", managerId: "M0400" },
        },
      });

      // Act
      const { digests, passedOver } = renderManagerDigests(result);

      // Assess
      expect(digests.flatMap((d) => d.to)).not.toContain("omar@gmail.com");
      expect(digests.find((d) => d.managerId === "M0400")?.reportIds).toEqual(["E1003"]);
      expect(passedOver["outside-email-domains"]).toEqual(["M0200"]);
    });

    it("sends leavers no manager can take to the fallback recipients, in one digest that says why", () => {
      // Act
      const { digests, unrouted } = renderManagerDigests(managedOrg(), {
        fallbackRecipients: ["compliance@acme.com"],
      });

      // Assess
      const fallback = digests.at(-1);
      expect(fallback?.managerId).toBe(FALLBACK_RECIPIENT_ID);
      expect(fallback?.to).toEqual(["compliance@acme.com"]);
      expect([...(fallback?.reportIds ?? [])].sort()).toEqual(unrouted);
      expect(unrouted).toEqual(["E1002", "E4001"]);
      expect(fallback?.text).toContain("as a compliance recipient");
      expect(fallback?.text).toContain("reported to M0300");
    });

    it("stops at a reporting cycle instead of following it forever", () => {
      // Prepare
      const base = managedOrg();
      const result = managedOrg({
        people: {
          ...base.people,
          M0300: { ...base.people.M0300, managerId: "M0301" },
          M0301: { name: "Loop", managerId: "M0300" },
        },
      });

      // Act
      const { unrouted, passedOver } = renderManagerDigests(result);

      // Assess
      expect(unrouted).toContain("E4001");
      expect(passedOver["no-address"]).toEqual(["M0300", "M0301"]);
    });
  });

  it("leaves out findings below the minimum severity, and a leaver with none left", () => {
    // Act
    const { digests } = renderManagerDigests(managedOrg(), { minSeverity: "high" });

    // Assess
    const listed = digests.flatMap((d) => d.findingIds);
    expect(listed).toContain(DANA_GHOST.id);
    expect(listed).not.toContain(DANA_SEAT.id);
    expect(listed).toContain(KIM_PHONE.id);
  });
});
