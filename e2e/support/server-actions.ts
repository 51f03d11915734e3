import { readFileSync } from "node:fs";
import type { BrowserContext } from "@playwright/test";

/** The id Next.js gave a server action in this build, so a test can post it without any page. */
export function serverActionId(exportedName: string, file: string): string {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const entry = Object.entries(manifest.node).find(([, action]) => action.exportedName === exportedName && action.filename?.endsWith(file));
  if (!entry) throw new Error(`No server action ${exportedName} in ${file}; was the app built?`);
  return entry[0];
}

/** Posts a server action the way a script would, with this context's cookies and the given Origin; returns the body. */
export async function postServerAction(
  context: BrowserContext,
  page: string,
  action: { name: string; file: string },
  args: unknown[],
  origin: string,
): Promise<string> {
  const response = await context.request.post(page, {
    headers: {
      "Next-Action": serverActionId(action.name, action.file),
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: origin,
    },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  return response.text();
}
