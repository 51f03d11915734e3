import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { JOB_QUEUE_SCHEMA } from "@/lib/jobs/job-queues";

const jobTable = Prisma.raw(`${JOB_QUEUE_SCHEMA}.job`);

/** The states of the score-attempt jobs queued for an attempt, oldest first, from the job queue's own table. */
export async function scoringJobStates(attemptId: string): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ state: string }>>`
    SELECT state::text AS state FROM ${jobTable} WHERE name = 'score-attempt' AND singleton_key = ${attemptId} ORDER BY created_on`;
  return rows.map((row) => row.state);
}

/** Drops an attempt's scoring jobs, so that the next step's own job (or its absence) shows. */
export async function forgetScoringJobs(attemptId: string): Promise<void> {
  await db.$executeRaw`DELETE FROM ${jobTable} WHERE name = 'score-attempt' AND singleton_key = ${attemptId}`;
}
