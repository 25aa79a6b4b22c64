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
