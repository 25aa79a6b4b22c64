/** One structured JSON logger for every handler (Powertools). Log counts and ids, never people's data. */
import { Logger } from "@aws-lambda-powertools/logger";

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "deprov" });
