import { AdminError } from "@/lib/admin/admin-errors";
import { adminRouteGuard } from "@/lib/admin/require-admin";
import { USER_ID } from "@/lib/admin/user-detail";
import { exportUserData } from "@/lib/privacy/export-user-data";
import { jsonError } from "@/lib/request/responses";

/** Everything stored about one person, as a JSON download (subject-access request); audited. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const guard = await adminRouteGuard(request);
  if (guard.refusal) return guard.refusal;
  const { id } = await params;
  if (!USER_ID.test(id)) return jsonError(404, "not-found", "That account does not exist.");
  try {
    const data = await exportUserData(guard.actor, id);
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="user-${id}-data.json"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof AdminError) return jsonError(404, error.code, error.userMessage);
    throw error;
  }
}
