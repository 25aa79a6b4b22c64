/**
 * A campaign's timeline: reminders some days before the due date, escalation to the reviewer's
 * own manager some days after the start, close at the due date. The check step asks it, at each
 * instant it runs, what is due and when to look again — the same answers in AWS (after a real
 * Wait) and locally (where the Wait is skipped and the instant is the one the Wait waited for).
 */
import type { Instant } from "../model.ts";
import { plusDays } from "../time.ts";

export interface CampaignTimeline {
  startedAt: Instant;
  dueAt: Instant;
  zone: string;
  /** Days before the due date on which reviewers with undecided items are reminded. */
  remindDaysBeforeDue: readonly number[];
  /** Days after the start after which undecided items are escalated to the reviewer's manager. */
  escalateAfterDays: number;
}

/** Reminder instants after the start and before the due date, earliest first. */
export function reminderTimes(timeline: CampaignTimeline): Instant[] {
  const times = timeline.remindDaysBeforeDue
    .map((days) => plusDays(timeline.dueAt, -days, timeline.zone))
    .filter((at) => at > timeline.startedAt && at < timeline.dueAt);
  return [...new Set(times)].sort((a, b) => a - b);
}

/** When undecided items escalate, if that falls before the due date. */
export function escalationTime(timeline: CampaignTimeline): Instant | undefined {
  const at = plusDays(timeline.startedAt, timeline.escalateAfterDays, timeline.zone);
  return at < timeline.dueAt ? at : undefined;
}

/** How many reminders are due by `at` (a reviewer who got fewer gets the latest one). */
export function remindersDueBy(timeline: CampaignTimeline, at: Instant): number {
  return reminderTimes(timeline).filter((time) => time <= at).length;
}

/** The next instant after `at` at which something happens: a reminder, the escalation, the due date. */
export function nextEventAfter(timeline: CampaignTimeline, at: Instant): Instant {
  const escalation = escalationTime(timeline);
  const candidates = [...reminderTimes(timeline), ...(escalation === undefined ? [] : [escalation])].filter(
    (time) => time > at,
  );
  return Math.min(timeline.dueAt, ...candidates);
}

/**
 * Decisions count from the campaign's start until its due date (exclusive: the check closes at
 * that instant). One dated later would change a result that was due before it was made, even when
 * no check has closed the campaign yet.
 */
export function withinWindow(campaign: { startedAt: Instant; dueAt: Instant }, at: Instant): boolean {
  return at >= campaign.startedAt && at < campaign.dueAt;
}
