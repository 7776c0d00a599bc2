export { FakeDiscordServer, DiscordRefusal, Perm, Intent } from "./server.ts";
export type {
  FakeChannel,
  FakeInteraction,
  FakeUser,
  FakeRole,
  Overwrite,
  Json,
  RecordedRequest,
  FakeDiscordOptions,
} from "./server.ts";
export { checkMessageBody, checkModal } from "./limits.ts";
