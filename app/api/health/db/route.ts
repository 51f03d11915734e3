import { db } from "@/lib/db";
import { openGate } from "@/lib/request/gate";
import { route } from "@/lib/request/route";

/**
 * The benchmark's floor: the cheapest request that still goes through Next.js, the Prisma
 * pool and PostgreSQL (one trivial query). Also a readiness probe for load balancers:
 * 200 while the database answers, 503 while it does not.
 */
export const GET = route({ gate: openGate }, async () => {
  await db.$queryRaw`SELECT 1`;
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
});
