// The runtime's durable store: one interface, three implementations (see src/bot/store/).
export * from "./store/types.ts";
export { MemoryStore } from "./store/memory.ts";
export { SqliteStore, defaultSqlitePath } from "./store/sqlite.ts";
export { PostgresStore, type PostgresOptions } from "./store/postgres.ts";
export { forgottenText } from "./store/redact.ts";
