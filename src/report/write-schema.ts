// `npm run report-schema`: regenerates docs/report.schema.json from the zod schema (a test checks
// the committed file is current).
import { writeFileSync } from "node:fs";
import { reportJsonSchemaText } from "./schema.ts";

writeFileSync(new URL("../../docs/report.schema.json", import.meta.url), reportJsonSchemaText());
