/** Pure: whether the chain's head is due a new signed checkpoint. */
export function checkpointDue(newestAt: Date | null, now: Date, everyMinutes: number): boolean {
  return newestAt === null || now.getTime() - newestAt.getTime() >= everyMinutes * 60_000;
}
