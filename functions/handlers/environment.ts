/**
 * The Lambda environment, validated once at cold start: a missing or malformed variable fails the
 * function immediately with its name, instead of surfacing later as an obscure SDK error.
 */
import { z } from "zod";

const environmentSchema = z.object({
  STATE_TABLE: z.string().min(3),
  AUDIT_TABLE: z.string().min(3),
  /** The WORM bucket (S3 Object Lock) holding the audit trail's write-once copy. */
  AUDIT_BUCKET: z.string().min(3),
  BLOB_BUCKET: z.string().min(3),
  CONFIG_KEY: z.string().min(1).default("config/deprov.config.json"),
  MAIL_FROM: z.string().optional(),
  REPORT_TO: z.string().optional(),
  /** Set by the Lambda runtime. */
  AWS_REGION: z.string().optional(),
  /** The account findings are imported into when the config does not name one. */
  AWS_ACCOUNT_ID: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  /** The access-review decision page (a Lambda function URL): packets link to it. */
  DECISION_URL: z.url().optional(),
  /** Accounts per reconcile partition: more accounts fan out over more parallel Lambdas. */
  PARTITION_SIZE: z.coerce.number().int().positive().default(250_000),
});

export type LambdaEnvironment = z.output<typeof environmentSchema>;

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): LambdaEnvironment {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid Lambda environment: ${problems}`);
  }
  return parsed.data;
}
