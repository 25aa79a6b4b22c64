/** Termination facts of a person (SPEC §3): when they left, whether they have departed, whether offboarding is overdue. */
import type { Instant, Person } from "./model.ts";
import type { PersonFacts } from "./scan-context.ts";
import { type Calendar, HOUR_MS } from "./time.ts";

/**
 * `terminatedAt` if given, else the start of the day after `terminationDate` in the org zone.
 * A rehire (hired after the termination date) has no termination instant: they are active again.
 */
export function terminationInstantOf(person: Person, calendar: Calendar): Instant | undefined {
  if (isRehire(person)) return undefined;
  if (person.terminatedAt !== undefined) return person.terminatedAt;
  if (person.terminationDate !== undefined) return calendar.startOfNextDay(person.terminationDate);
  return undefined;
}

export function isRehire(person: Person): boolean {
  // ISO dates compare correctly as strings.
  return (
    person.hireDate !== undefined &&
    person.terminationDate !== undefined &&
    person.hireDate > person.terminationDate
  );
}

/**
 * Whether the rules about people who stay apply to this person (SPEC §4's "active person": dormant
 * accounts, unused seats, retained access, a system's admins): not departed by dates, and not
 * marked terminated by the roster's status. Departure is decided by dates, and a status alone makes
 * no one departed (there is no instant to be overdue from); but a roster that says Terminated does
 * not vouch that the person is still here, as when their termination date could not be read and
 * was dropped with a warning. Leave and an unknown word are still staff.
 */
export function isActive(facts: PersonFacts): boolean {
  return !facts.departed && facts.person.status !== "terminated";
}

export function personFacts(
  person: Person,
  now: Instant,
  calendar: Calendar,
  disableWithinHours: number,
): PersonFacts {
  const terminationInstant = terminationInstantOf(person, calendar);
  const departed = terminationInstant !== undefined && terminationInstant <= now;
  const overdue = departed && terminationInstant + disableWithinHours * HOUR_MS <= now;
  return terminationInstant === undefined
    ? { person, departed, overdue }
    : { person, terminationInstant, departed, overdue };
}
