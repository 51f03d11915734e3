"use client";

import { useCallback, useState } from "react";

/**
 * One caught email, as tall as its content so the footer and the copy-this-link fallback show.
 * Measured once the document has loaded, from a small start so a short email gets a short frame;
 * the server-rendered frame may finish loading before hydration, so the ref checks too.
 * `allow-same-origin` only lets this page measure the document; without `allow-scripts` the
 * email's own scripts still never run.
 */
export function MailFrame({ title, html }: { title: string; html: string }) {
  const [height, setHeight] = useState(240);
  const measure = useCallback((frame: HTMLIFrameElement | null) => {
    const document = frame?.contentDocument;
    if (document?.readyState === "complete" && document.body) setHeight(document.documentElement.scrollHeight + 16);
  }, []);
  return (
    <iframe
      ref={measure}
      title={title}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
      srcDoc={html}
      style={{ height }}
      className="w-full"
      onLoad={(event) => measure(event.currentTarget)}
    />
  );
}
