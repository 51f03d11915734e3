"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Asks the server again every few seconds: the page moves on by itself once the other browser approves. */
export function RefreshWhileWaiting({ everyMs = 3_000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
