// A configuration section's validation problems in one line, each naming its field:
// "discord.guildId: expected a Discord id …; discord.locale: …".
import type { z } from "zod";

export function configIssues(section: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => `${section}.${issue.path.map(String).join(".")}: ${issue.message}`)
    .join("; ");
}
