/**
 * The function factory: one NodejsFunction per catalogue row, all built the same way — Node.js 22 on
 * ARM64, JSON logs to a log group of their own, the shared environment, an ESM bundle made by the
 * local esbuild, and a role holding exactly the grants its row names.
 */
import { join } from "node:path";
import { Duration, RemovalPolicy, Size } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
} from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, type RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { type HandlerGrant, type HandlerSpec, pascalCase } from "../../functions/handlers/catalogue.ts";
import { acknowledgeNag, type GrantableConstruct } from "../nag.ts";

export const LOG_LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** What every handler reads from its environment (see the handlers' typed env object). */
export interface HandlerEnvironment {
  readonly STATE_TABLE: string;
  readonly AUDIT_TABLE: string;
  /** The Object Lock bucket holding the audit trail's write-once copy. */
  readonly AUDIT_BUCKET: string;
  readonly BLOB_BUCKET: string;
  readonly CONFIG_KEY: string;
  /** The one address the handlers may send as (the role's `ses:FromAddress` condition). */
  readonly MAIL_FROM: string;
  /** Comma-separated recipients of guard-rail alerts when the config has no `report` section. */
  readonly REPORT_TO: string;
  /** The access-review decision page's URL (review handlers only: packets link to it). */
  readonly DECISION_URL?: string;
}

export type GrantAppliers = Readonly<Record<HandlerGrant, (grantee: GrantableConstruct) => void>>;

export interface HandlersProps {
  readonly catalogue: readonly HandlerSpec[];
  readonly environment: HandlerEnvironment;
  /** How each kind of grant in the catalogue is given; the stack wires these to the resources. */
  readonly grants: GrantAppliers;
  readonly logLevel: LogLevelName;
  readonly logRetention: RetentionDays;
  /** The directory the catalogue's entry paths (and the lock file) are relative to. */
  readonly projectRoot: string;
  readonly lockFile: string;
}

export interface DeprovHandler {
  readonly spec: HandlerSpec;
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
}

const APPLICATION_LOG_LEVEL: Record<LogLevelName, ApplicationLogLevel> = {
  DEBUG: ApplicationLogLevel.DEBUG,
  INFO: ApplicationLogLevel.INFO,
  WARN: ApplicationLogLevel.WARN,
  ERROR: ApplicationLogLevel.ERROR,
};

/** ESM bundles may still contain CommonJS dependencies that call require(); give them one. */
const ESM_REQUIRE_SHIM =
  "import { createRequire as deprovCreateRequire } from 'node:module'; const require = deprovCreateRequire(import.meta.url);";

export function constructIdFor(handlerName: string): string {
  return pascalCase(handlerName);
}

export class Handlers extends Construct {
  readonly all: readonly DeprovHandler[];

  constructor(scope: Construct, id: string, props: HandlersProps) {
    super(scope, id);
    this.all = props.catalogue.map((spec) => this.buildHandler(spec, props));
  }

  private buildHandler(spec: HandlerSpec, props: HandlersProps): DeprovHandler {
    const scope = new Construct(this, constructIdFor(spec.name));

    const logGroup = new LogGroup(scope, "LogGroup", {
      retention: props.logRetention,
      // Operational logs only (no PII by house rule); the audit trail lives in DynamoDB.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of the default one, which would carry the AWS-managed
    // AWSLambdaBasicExecutionRole (logs on every log group in the account).
    const role = new Role(scope, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `deprov ${spec.name}: ${spec.grants.join(", ")}`,
    });
    logGroup.grantWrite(role);
    for (const grant of spec.grants) props.grants[grant](role);

    const fn = new NodejsFunction(scope, "Function", {
      description: spec.description,
      entry: join(props.projectRoot, spec.entry),
      handler: "handler",
      projectRoot: props.projectRoot,
      depsLockFilePath: props.lockFile,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      ...(spec.ephemeralStorageMb === undefined
        ? {}
        : { ephemeralStorageSize: Size.mebibytes(spec.ephemeralStorageMb) }),
      role,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      // Lambda filters JSON log lines by their level; keep it in step with the logger's LOG_LEVEL.
      applicationLogLevelV2: APPLICATION_LOG_LEVEL[props.logLevel],
      systemLogLevelV2: SystemLogLevel.INFO,
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: "deprov",
        LOG_LEVEL: props.logLevel,
        NODE_OPTIONS: "--enable-source-maps",
      },
      bundling: {
        format: OutputFormat.ESM,
        target: "node22",
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        mainFields: ["module", "main"],
        banner: ESM_REQUIRE_SHIM,
        // The Node.js 22 runtime ships AWS SDK v3; bundling it would only add cold-start weight.
        externalModules: ["@aws-sdk/*"],
      },
    });
    acknowledgeNag(
      fn,
      "AwsSolutions-L1",
      "Node.js 22 is pinned on purpose: it is the newest runtime the handlers are built (esbuild target node22) and tested against; moving to Node.js 24 is a deliberate upgrade with its own test run, not a side effect of a CDK bump.",
    );

    return { spec, fn, role, logGroup };
  }
}
