import { randomBytes } from "node:crypto";

const LENGTH = 25;

/**
 * A row id for statements written in SQL, shaped like the cuid()s Prisma makes for the same
 * tables (25 lowercase letters and digits, starting with "c"): 124 random bits in base 36.
 */
export function newId(): string {
  const digits = BigInt(`0x${randomBytes(16).toString("hex")}`).toString(36);
  return `c${digits.padStart(LENGTH - 1, "0").slice(-(LENGTH - 1))}`;
}
