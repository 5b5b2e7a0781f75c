/** Choose the store from settings: EventStoreDB when EVENTSTORE_URL is set, else the SQLite file. */
import { join } from "node:path";
import type { Settings } from "../config.js";
import { openEventStoreDb } from "./eventstoredb.js";
import type { EventStore } from "./port.js";
import { openSqliteStore, type SqliteStoreOptions } from "./sqlite.js";

export const sqliteFile = (settings: Pick<Settings, "DATA_DIR">) => join(settings.DATA_DIR, "events.db");

export function openStore(
  settings: Pick<Settings, "DATA_DIR" | "EVENTSTORE_URL">,
  options: SqliteStoreOptions = {},
): EventStore {
  return settings.EVENTSTORE_URL
    ? openEventStoreDb(settings.EVENTSTORE_URL)
    : openSqliteStore(sqliteFile(settings), options);
}
