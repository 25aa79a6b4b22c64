/**
 * Reading an ASL definition for the local interpreter: the same file CDK deploys, with each
 * Lambda placeholder (`${StartScanFunctionArn}`) mapped to the in-process handler of that name.
 */
import { readFileSync } from "node:fs";

export interface AslState {
  Type: string;
  Resource?: string;
  Retry?: unknown[];
  Catch?: unknown[];
  ItemProcessor?: AslMachine;
  Iterator?: AslMachine;
  Branches?: AslMachine[];
  [key: string]: unknown;
}

export interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
  [key: string]: unknown;
}

export interface TaskStateRef {
  stateName: string;
  placeholder: string;
  state: AslState;
}

const PLACEHOLDER = /^\$\{([A-Za-z0-9]+)\}$/;

export function readAslDefinition(file: string): AslMachine {
  return JSON.parse(readFileSync(file, "utf8")) as AslMachine;
}

/** Every Task state, including those nested in Map item processors and Parallel branches. */
export function taskStates(machine: AslMachine): TaskStateRef[] {
  const found: TaskStateRef[] = [];
  const visit = (m: AslMachine) => {
    for (const [stateName, state] of Object.entries(m.States)) {
      if (state.Type === "Task") {
        const placeholder = PLACEHOLDER.exec(state.Resource ?? "")?.[1];
        if (placeholder === undefined)
          throw new Error(`state ${stateName}: Resource "${state.Resource}" is not a \${Placeholder}`);
        found.push({ stateName, placeholder, state });
      }
      if (state.ItemProcessor) visit(state.ItemProcessor);
      if (state.Iterator) visit(state.Iterator);
      for (const branch of state.Branches ?? []) visit(branch);
    }
  };
  visit(machine);
  return found;
}

/** Replaces placeholders with syntactically valid local ARNs, as CDK's definitionSubstitutions would with real ones. */
export function withLocalArns(machine: AslMachine): AslMachine {
  const text = JSON.stringify(machine).replace(
    /\$\{([A-Za-z0-9]+)\}/g,
    (_, name: string) => `arn:aws:lambda:us-east-1:000000000000:function:deprov-local-${name}`,
  );
  return JSON.parse(text) as AslMachine;
}
