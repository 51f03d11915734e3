/**
 * One line for what `prisma migrate deploy` did, instead of its ~25 lines of banner, warnings
 * and tree: the newcomer's first screen should end on the app's address, not on migrations.
 * (On failure the caller prints Prisma's whole output.)
 */
export function summariseMigrateDeploy(output: string): string {
  const found = /(\d+) migrations? found/.exec(output)?.[1];
  const applied = [...output.matchAll(/└─ (\d{14}_[\w-]+)\//g)].map((match) => match[1]);
  if (applied.length > 0) {
    const names = applied.length <= 3 ? applied.join(", ") : `${applied.slice(0, 2).join(", ")} … ${applied.at(-1)}`;
    return `Database: applied ${applied.length} migration${applied.length === 1 ? "" : "s"} (${names})`;
  }
  return `Database: schema up to date${found ? ` (${found} migrations)` : ""}`;
}
