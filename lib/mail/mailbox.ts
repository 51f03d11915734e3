import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export interface CaughtMessage {
  id: string;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Messages caught by the local SMTP catcher, newest first. */
export function readMailbox(folder: string, recipient?: string): CaughtMessage[] {
  if (!existsSync(folder)) return [];
  const wanted = recipient?.toLowerCase();
  return readdirSync(folder)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .reverse()
    .map((name) => JSON.parse(readFileSync(path.join(folder, name), "utf8")) as CaughtMessage)
    .filter((message) => !wanted || message.envelopeTo.includes(wanted));
}
