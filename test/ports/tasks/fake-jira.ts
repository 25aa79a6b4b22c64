/**
 * A loopback Jira Cloud that follows the documented REST API v3 for the endpoints deprov uses:
 * JQL search, create/edit/get issue, transitions, comments; Basic auth; a simplified workflow
 * (To Do → In Progress → Done, every transition global and named after its target status).
 */
import { basicAuthorization } from "../../../functions/ports/tasks/sink-http-client.ts";
import {
  type LoopbackServer,
  type ReceivedRequest,
  type Reply,
  startLoopbackServer,
} from "./loopback-server.ts";

export const JIRA_EMAIL = "deprov-bot@acme.com";
export const JIRA_TOKEN = "ATATT3xFfGF0T4kE-fake-token";

interface Status {
  id: string;
  name: string;
  category: { id: number; key: "new" | "indeterminate" | "done"; colorName: string; name: string };
}

const STATUSES: Status[] = [
  { id: "10000", name: "To Do", category: { id: 2, key: "new", colorName: "blue-gray", name: "To Do" } },
  {
    id: "3",
    name: "In Progress",
    category: { id: 4, key: "indeterminate", colorName: "yellow", name: "In Progress" },
  },
  { id: "10001", name: "Done", category: { id: 3, key: "done", colorName: "green", name: "Done" } },
];
const TRANSITION_IDS: Record<string, string> = { "To Do": "11", "In Progress": "21", Done: "31" };

export interface FakeIssue {
  id: string;
  key: string;
  summary: string;
  description: unknown;
  labels: string[];
  status: string;
  comments: unknown[];
}

export interface FakeJira {
  url: string;
  requests: ReceivedRequest[];
  issues: Map<string, FakeIssue>;
  /** The next request matching `when` gets `reply` instead of the real answer. */
  failNext(when: (request: ReceivedRequest) => boolean, reply: Reply): void;
  close(): Promise<void>;
}

export async function startFakeJira(projectKey = "SEC"): Promise<FakeJira> {
  const issues = new Map<string, FakeIssue>();
  const faults: { when: (request: ReceivedRequest) => boolean; reply: Reply }[] = [];
  let nextId = 10_000;
  let base = "";

  const statusJson = (name: string) => {
    const status = STATUSES.find((s) => s.name === name) ?? STATUSES[0];
    return {
      self: `${base}/rest/api/3/status/${status?.id}`,
      description: "",
      iconUrl: `${base}/`,
      name: status?.name,
      id: status?.id,
      statusCategory: {
        self: `${base}/rest/api/3/statuscategory/${status?.category.id}`,
        ...status?.category,
      },
    };
  };
  const notFound: Reply = {
    status: 404,
    json: { errorMessages: ["Issue does not exist or you do not have permission to see it."], errors: {} },
  };

  const handle = (request: ReceivedRequest): Reply => {
    const fault = faults.findIndex((f) => f.when(request));
    if (fault >= 0) return faults.splice(fault, 1)[0]?.reply ?? { status: 500 };
    if (request.headers.authorization !== basicAuthorization(JIRA_EMAIL, JIRA_TOKEN)) {
      return { status: 401, text: "Client must be authenticated to access this resource." };
    }
    const body = (request.json ?? {}) as Record<string, unknown>;
    if (request.method === "POST" && request.path === "/rest/api/3/search/jql") {
      const jql = String(body.jql ?? "");
      const label = /labels = "([^"]+)"/.exec(jql)?.[1];
      const project = /project = "([^"]+)"/.exec(jql)?.[1];
      const found = [...issues.values()].filter(
        (issue) => issue.key.startsWith(`${project}-`) && label !== undefined && issue.labels.includes(label),
      );
      const max = typeof body.maxResults === "number" ? body.maxResults : 50;
      return {
        status: 200,
        json: {
          issues: found.slice(0, max).map((issue) => ({
            expand: "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
            id: issue.id,
            self: `${base}/rest/api/3/issue/${issue.id}`,
            key: issue.key,
            fields: { status: statusJson(issue.status) },
          })),
          isLast: true,
        },
      };
    }
    if (request.method === "POST" && request.path === "/rest/api/3/issue") {
      const fields = (body.fields ?? {}) as Record<string, unknown>;
      const errors: Record<string, string> = {};
      if ((fields.project as { key?: string } | undefined)?.key !== projectKey)
        errors.project = "valid project is required";
      if ((fields.issuetype as { name?: string } | undefined)?.name !== "Task")
        errors.issuetype = "Specify a valid issue type";
      if (typeof fields.summary !== "string" || fields.summary === "")
        errors.summary = "You must specify a summary of the issue.";
      if ((fields.description as { type?: string } | undefined)?.type !== "doc")
        errors.description = "Operation value must be an Atlassian Document";
      const labels = Array.isArray(fields.labels) ? (fields.labels as string[]) : [];
      if (labels.some((label) => /\s/.test(label))) errors.labels = "The label must not contain spaces.";
      if (Object.keys(errors).length > 0) return { status: 400, json: { errorMessages: [], errors } };
      const id = String(nextId++);
      const key = `${projectKey}-${issues.size + 1}`;
      issues.set(key, {
        id,
        key,
        summary: String(fields.summary),
        description: fields.description,
        labels,
        status: "To Do",
        comments: [],
      });
      return { status: 201, json: { id, key, self: `${base}/rest/api/3/issue/${id}` } };
    }
    const match = /^\/rest\/api\/3\/issue\/([^/]+)(\/transitions|\/comment)?$/.exec(request.path);
    const issue = match === null ? undefined : issues.get(decodeURIComponent(match[1] ?? ""));
    if (match === null) return { status: 404, json: { errorMessages: ["Not found"], errors: {} } };
    if (issue === undefined) return notFound;
    const sub = match[2];
    if (sub === undefined && request.method === "PUT") {
      const fields = (body.fields ?? {}) as Record<string, unknown>;
      if (typeof fields.summary === "string") issue.summary = fields.summary;
      if (fields.description !== undefined) issue.description = fields.description;
      if (Array.isArray(fields.labels)) issue.labels = fields.labels as string[];
      return { status: 204 };
    }
    if (sub === undefined && request.method === "GET") {
      return {
        status: 200,
        json: {
          expand: "",
          id: issue.id,
          self: `${base}/rest/api/3/issue/${issue.id}`,
          key: issue.key,
          fields: { status: statusJson(issue.status) },
        },
      };
    }
    if (sub === "/transitions" && request.method === "GET") {
      return {
        status: 200,
        json: {
          expand: "transitions",
          transitions: STATUSES.filter((s) => s.name !== issue.status).map((s) => ({
            id: TRANSITION_IDS[s.name],
            name: s.name,
            to: statusJson(s.name),
            hasScreen: false,
            isGlobal: true,
            isInitial: false,
            isAvailable: true,
            isConditional: false,
            isLooped: false,
          })),
        },
      };
    }
    if (sub === "/transitions" && request.method === "POST") {
      const id = (body.transition as { id?: string } | undefined)?.id;
      const target = Object.entries(TRANSITION_IDS).find(
        ([name, tid]) => tid === id && name !== issue.status,
      )?.[0];
      if (target === undefined)
        return {
          status: 400,
          json: { errorMessages: [`Transition id '${id}' is not valid for this issue.`], errors: {} },
        };
      issue.status = target;
      return { status: 204 };
    }
    if (sub === "/comment" && request.method === "POST") {
      if ((body.body as { type?: string } | undefined)?.type !== "doc")
        return {
          status: 400,
          json: { errorMessages: [], errors: { comment: "Comment body can not be empty!" } },
        };
      const id = String(nextId++);
      issue.comments.push(body.body);
      return {
        status: 201,
        json: {
          self: `${base}/rest/api/3/issue/${issue.id}/comment/${id}`,
          id,
          body: body.body,
          created: "2026-11-26T09:00:00.000+0000",
          updated: "2026-11-26T09:00:00.000+0000",
          jsdPublic: true,
        },
      };
    }
    return { status: 405, text: "Method Not Allowed" };
  };

  const server: LoopbackServer = await startLoopbackServer(handle);
  base = server.url;
  return {
    url: server.url,
    requests: server.requests,
    issues,
    failNext: (when, reply) => faults.push({ when, reply }),
    close: server.close,
  };
}
