/** `npm run schema`: regenerates schema/deprov.config.schema.json from the zod schema. */
import { mkdirSync, writeFileSync } from "node:fs";
import { configJsonSchemaText } from "./json-schema.ts";

mkdirSync("schema", { recursive: true });
writeFileSync("schema/deprov.config.schema.json", configJsonSchemaText());
console.log("wrote schema/deprov.config.schema.json");
