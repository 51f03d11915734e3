import type { Metadata } from "next";
import "./globals.css";
import { readEnv } from "@/lib/env";

// Every page depends on the request (session, cookies, configuration): nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export function generateMetadata(): Metadata {
  const appName = readEnv().APP_NAME;
  return { title: { default: appName, template: `%s · ${appName}` }, description: `Sign in to ${appName}`, referrer: "no-referrer" };
}

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
