import { USER_ID } from "@/lib/admin/user-detail";
import { AppError } from "@/lib/errors/app-error";
import { exportUserData } from "@/lib/privacy/export-user-data";
import { adminGate } from "@/lib/request/gates";
import { route } from "@/lib/request/route";

/** Everything stored about one person, as a JSON download (subject-access request); audited. */
export const GET = route({ gate: adminGate }, async ({ actor, params }) => {
  if (!USER_ID.test(params.id)) throw new AppError("not-found", "That account does not exist.");
  const data = await exportUserData(actor, params.id);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="user-${params.id}-data.json"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
