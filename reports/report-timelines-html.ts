/**
 * Per-leaver timelines: termination, then each account disabled or deleted, each device returned,
 * the offboarding ticket — in time order, late steps flagged, steps that have not happened yet
 * listed last as outstanding. This is the page an auditor asks for when sampling a leaver.
 */

import type { LeaverTimeline, ScanResult, TimelineEvent } from "../functions/scan/contract/scan-result.ts";
import { html, joinHtml, type SafeHtml } from "../functions/shared/html.ts";
import { formatCount, formatElapsed, formatInstantShort } from "./format.ts";
import { moreNotice, plural } from "./report-html-parts.ts";
import type { ReportLimits } from "./report-limits.ts";

const EVENT_TEXT: Record<TimelineEvent["kind"], string> = {
  terminated: "Terminated",
  "account-disabled": "Account disabled",
  "account-still-enabled": "Account still enabled",
  "account-deleted": "Account deleted",
  "device-returned": "Device returned",
  "device-outstanding": "Device not returned",
  "ticket-requested": "Offboarding ticket requested",
  "ticket-approved": "Offboarding ticket approved",
  "ticket-completed": "Offboarding ticket completed",
  "ticket-missing": "No offboarding ticket",
};

/** Element id of the n-th timeline shown: fixed text, never source text. */
export function timelineAnchor(index: number): string {
  return `timeline-${index}`;
}

/** The timelines shown, by person id → index (so a leaver's findings can link to their timeline). */
export function shownTimelines(result: ScanResult, limits: ReportLimits): Map<string, number> {
  const timelines = result.history?.timelines ?? [];
  return new Map(timelines.slice(0, limits.timelines).map((timeline, i) => [timeline.personId, i]));
}

export function renderTimelines(result: ScanResult, limits: ReportLimits): SafeHtml {
  const timelines = result.history?.timelines;
  if (timelines === undefined) {
    return html`<section id="timelines"><h2>Leaver timelines</h2><p class="note">— Timelines come from the scan history, which this scan did not have.</p></section>`;
  }
  if (timelines.length === 0) {
    return html`<section id="timelines"><h2>Leaver timelines</h2><p>No leaver has open findings.</p></section>`;
  }
  const shown = timelines.slice(0, limits.timelines);
  return html`<section id="timelines"><h2>Leaver timelines</h2>
<p class="muted">Leavers with open findings, most severe first. Times in ${result.timezone}; <span class="flag flag-late">late</span>: done after the policy deadline; <span class="flag flag-late">overdue</span>: not done, and the deadline has passed; <span class="flag flag-outstanding">outstanding</span>: not done yet.</p>
<div class="timelines">${shown.map((timeline, i) => timelineCard(timeline, i, result, limits))}</div>
${moreNotice(timelines.length, shown.length, "their findings are in findings.csv")}</section>`;
}

function timelineCard(
  timeline: LeaverTimeline,
  index: number,
  result: ScanResult,
  limits: ReportLimits,
): SafeHtml {
  const name = timeline.name ?? result.people[timeline.personId]?.name;
  const terminatedMs = Date.parse(timeline.terminatedAt);
  const events = inTimeOrder(timeline.events);
  const shown = events.slice(0, limits.eventsPerTimeline);
  const late = events.filter((e) => e.late === true && e.at !== null).length;
  const outstanding = events.filter((e) => e.at === null).length;
  const facts = [
    `terminated ${formatInstantShort(timeline.terminatedAt, result.timezone)}`,
    late > 0 && `${formatCount(late)} late`,
    outstanding > 0 && `${formatCount(outstanding)} outstanding`,
  ].filter((fact): fact is string => typeof fact === "string");
  return html`<article class="timeline-card" id="${timelineAnchor(index)}">
<h3>${name ?? timeline.personId}${name !== undefined && html` <span class="muted">(${timeline.personId})</span>`}</h3>
<p class="muted">${facts.join(" · ")}</p>
<ol class="timeline">${joinHtml(
    shown.map((event) => eventItem(event, terminatedMs, result.timezone)),
    "\n",
  )}</ol>${shown.length < events.length && html`<p class="more">… and ${plural(events.length - shown.length, "more event")}</p>`}
</article>`;
}

function eventItem(event: TimelineEvent, terminatedMs: number, zone: string): SafeHtml {
  const kindText = EVENT_TEXT[event.kind] ?? event.kind;
  const atMs = event.at === null ? Number.NaN : Date.parse(event.at);
  const state = event.at === null ? "outstanding" : event.late === true ? "late" : "done";
  // The termination anchors the timeline: its own marker, the elapsed times count from it.
  const marker = event.kind === "terminated" ? "terminated" : state;
  const when =
    event.at === null
      ? html`<span class="when">not yet</span>`
      : html`<span class="when">${formatInstantShort(event.at, zone)}${
          event.kind !== "terminated" &&
          Number.isFinite(atMs) &&
          Number.isFinite(terminatedMs) &&
          html` <span class="muted">${formatElapsed(atMs - terminatedMs)}</span>`
        }</span>`;
  // One flag each: a step not done yet is "overdue" once its deadline passed, else "outstanding".
  const flag =
    event.at === null
      ? event.late === true
        ? html` <span class="flag flag-late">overdue</span>`
        : html` <span class="flag flag-outstanding">outstanding</span>`
      : event.late === true && html` <span class="flag flag-late">late</span>`;
  return html`<li class="ev ev-${marker}">${when}<span class="what">${kindText}${flag}</span>${
    event.label && html`<span class="label">${event.label}</span>`
  }</li>`;
}

/** Dated events by time (stable for ties); events that have not happened go last, in their given order. */
function inTimeOrder(events: readonly TimelineEvent[]): TimelineEvent[] {
  const dated: { event: TimelineEvent; ms: number; index: number }[] = [];
  const pending: TimelineEvent[] = [];
  events.forEach((event, index) => {
    const ms = event.at === null ? Number.NaN : Date.parse(event.at);
    if (Number.isFinite(ms)) dated.push({ event, ms, index });
    else pending.push(event);
  });
  dated.sort((a, b) => a.ms - b.ms || a.index - b.index);
  return [...dated.map((d) => d.event), ...pending];
}
