import type { Metadata } from "next";
import Link from "next/link";
import { AppMark } from "@/components/ui/app-mark";
import { TroubleCard } from "@/components/ui/trouble-card";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <TroubleCard title="This page doesn't exist" mark={<AppMark />}>
      <p>The address may be mistyped, or the page has moved.</p>
      <Link
        href="/"
        className="inline-flex w-full items-center justify-center rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
      >
        Go to the start page
      </Link>
    </TroubleCard>
  );
}
