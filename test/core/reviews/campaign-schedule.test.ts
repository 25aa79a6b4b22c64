import { describe, expect, it } from "vitest";
import {
  type CampaignTimeline,
  escalationTime,
  nextEventAfter,
  remindersDueBy,
  reminderTimes,
} from "../../../functions/core/reviews/campaign-schedule.ts";

const DAY = 86_400_000;
const START = Date.parse("2026-12-01T14:00:00Z");
const timeline: CampaignTimeline = {
  startedAt: START,
  dueAt: START + 21 * DAY,
  zone: "UTC",
  remindDaysBeforeDue: [2, 7, 30],
  escalateAfterDays: 14,
};

describe("the campaign timeline", () => {
  it("reminds some days before the due date (never before the start) and escalates after the start", () => {
    // Assess
    expect(reminderTimes(timeline)).toEqual([START + 14 * DAY, START + 19 * DAY]);
    expect(escalationTime(timeline)).toBe(START + 14 * DAY);
    expect(escalationTime({ ...timeline, escalateAfterDays: 30 })).toBeUndefined();
  });

  it("counts the reminders due by an instant and names the next event", () => {
    // Assess
    expect(remindersDueBy(timeline, START)).toBe(0);
    expect(remindersDueBy(timeline, START + 15 * DAY)).toBe(1);
    expect(remindersDueBy(timeline, START + 20 * DAY)).toBe(2);
    expect(nextEventAfter(timeline, START)).toBe(START + 14 * DAY);
    expect(nextEventAfter(timeline, START + 14 * DAY)).toBe(START + 19 * DAY);
    expect(nextEventAfter(timeline, START + 19 * DAY)).toBe(START + 21 * DAY);
  });
});
