/**
 * The data directory and every store file in it are the service account's alone: the directory 0700, the
 * files 0600. SQLite creates its -wal and -shm files with the main file's permissions, so making the file
 * 0600 before SQLite opens it covers all three; existing files are tightened too.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";

export function privateDirectory(dir: string) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Create (or tighten) a store file and its directory before a database opens it. */
export function privateFile(file: string) {
  if (file === ":memory:") return;
  privateDirectory(dirname(file));
  closeSync(openSync(file, "a", 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}
