import { prisma } from "../../../../prisma";

/** The baseline's floor: one trivial query, like the main app's GET /api/health/db. */
export async function GET() {
  await prisma.$queryRaw`SELECT 1`;
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
