import { signIn } from "../../../auth";

/**
 * What a stock sign-in form's server action does (`signIn("nodemailer", formData)`), as a
 * route so the load generator can call it without the server-action protocol.
 */
export async function POST(request: Request) {
  const { email } = (await request.json()) as { email: string };
  await signIn("nodemailer", { email, redirect: false });
  return Response.json({ ok: true });
}
