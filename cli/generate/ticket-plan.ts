/**
 * Offboarding tickets (an ITSM export): requested by the manager, approved by HR, completed by IT.
 * Most leavers have a complete one; some never got a ticket, some lack an approval or completion;
 * future leavers have open ones, and rehires keep the ticket of their first departure.
 */
import type { Instant } from "../../functions/core/model.ts";
import { DAY_MS, HOUR_MS } from "../../functions/core/time.ts";
import type { GenPerson, Population } from "./population.ts";
import { Rng } from "./prng.ts";

export interface GenTicket {
  ticketId: string;
  employeeId: string;
  requestedAt: Instant;
  requestedBy: string;
  approvedBy?: string;
  approvedAt?: Instant;
  completedAt?: Instant;
  completedBy?: string;
}

const FUTURE_TICKET_HORIZON_MS = 30 * DAY_MS;

export function planTickets(population: Population, seed: number, primaryDomain: string): GenTicket[] {
  const rng = Rng.of(seed, "tickets");
  const { now, people } = population;
  const emailOf = (p: GenPerson): string => `${p.local}@${primaryDomain}`;
  const byId = new Map(people.map((p) => [p.employeeId, p]));
  const staffOf = (department: string, fallback: string): string[] => {
    const staff = people.filter(
      (p) => p.department === department && p.status === "active" && p.leavesAt === undefined,
    );
    return staff.length > 0 ? staff.slice(0, 25).map(emailOf) : [`${fallback}@${primaryDomain}`];
  };
  const hr = staffOf("People", "hr-operations");
  const it = staffOf("IT", "it-service-desk");
  const tickets: GenTicket[] = [];
  const open = (person: GenPerson, leavesAt: Instant): GenTicket => {
    const manager = person.managerId === undefined ? undefined : byId.get(person.managerId);
    const requestedAt =
      person.terminatedAt !== undefined
        ? leavesAt - rng.duration(20 * 60_000, 180 * 60_000)
        : leavesAt - rng.duration(2 * DAY_MS, 15 * DAY_MS) - rng.duration(2 * HOUR_MS, 9 * HOUR_MS);
    const ticket: GenTicket = {
      ticketId: `RITM${String(1_000_000 + tickets.length * 7 + rng.int(0, 6)).padStart(7, "0")}`,
      employeeId: person.employeeId,
      requestedAt,
      requestedBy: manager === undefined ? rng.pick(hr) : emailOf(manager),
    };
    tickets.push(ticket);
    return ticket;
  };
  const approve = (ticket: GenTicket): void => {
    ticket.approvedBy = rng.pick(hr);
    ticket.approvedAt = Math.min(now, ticket.requestedAt + rng.duration(10 * 60_000, 48 * 60 * 60_000));
  };
  const complete = (ticket: GenTicket, leavesAt: Instant): void => {
    ticket.completedBy = rng.pick(it);
    ticket.completedAt = Math.min(now, leavesAt + rng.duration(30 * 60_000, 20 * 60 * 60_000));
  };

  for (const person of people) {
    if (person.rehire && person.terminationDate !== undefined) {
      const leftAt = population.clock.endOfDay(person.terminationDate);
      const ticket = open(person, leftAt);
      approve(ticket);
      complete(ticket, leftAt);
      continue;
    }
    const leavesAt = person.leavesAt;
    if (leavesAt === undefined) continue;
    if (leavesAt > now) {
      if (leavesAt - now > FUTURE_TICKET_HORIZON_MS) continue;
      const ticket = open(person, leavesAt);
      if (ticket.requestedAt > now) ticket.requestedAt = now - rng.duration(1 * HOUR_MS, 48 * HOUR_MS);
      if (rng.chance(0.6)) approve(ticket);
      continue;
    }
    if (!rng.chance(0.92)) continue;
    const ticket = open(person, leavesAt);
    if (rng.chance(0.94)) approve(ticket);
    if (now - leavesAt > 24 * HOUR_MS && rng.chance(0.94)) complete(ticket, leavesAt);
  }
  return tickets;
}
