"use client";

import { useEffect, useState } from "react";

/**
 * The secret of an emailed link, from its URL fragment, which no request ever carries: a page
 * that needs a click before it acts reads it here, then takes it out of the address bar and
 * history at once, so it lives only in memory. null until read; "" when the link is incomplete.
 */
export function useFragmentSecret(): string | null {
  const [secret, setSecret] = useState<string | null>(null);
  useEffect(() => {
    const fragment = window.location.hash.slice(1);
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the fragment exists only in the browser
    setSecret(/^[A-Za-z0-9_-]{43}$/.test(fragment) ? fragment : "");
  }, []);
  return secret;
}
