import { createElement, type ReactElement } from "react";
import { render } from "@react-email/render";
import { MagicLinkEmailContent, magicLinkExpiry, magicLinkSubject, type MagicLinkEmailProps } from "@/emails/magic-link-email";
import NoticeEmail, { type NoticeEmailProps } from "@/emails/notice-email";
import { SlottedTemplates } from "./slotted-templates";

// No "server-only" here: scripts and tests render emails outside Next.js too.

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** HTML and plain text of one email; every message goes out with both. */
export async function renderEmail(element: ReactElement): Promise<{ html: string; text: string }> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}

const magicLinkTemplates = new SlottedTemplates(["url", "code", "expiry", "from"]);

/** Rendered once per app name and validity, then filled per message (slotted-templates.ts). */
export async function renderMagicLinkEmail(props: MagicLinkEmailProps): Promise<RenderedEmail> {
  const { appName, minutesValid } = props;
  const values = {
    url: props.url,
    code: props.code,
    expiry: magicLinkExpiry(props.expiresAt, props.timeZoneLabel),
    from: props.requestedFrom,
  };
  const parts = await magicLinkTemplates.render(JSON.stringify([appName, minutesValid]), values, (slots) =>
    renderEmail(
      createElement(MagicLinkEmailContent, {
        appName,
        minutesValid,
        url: slots.url,
        code: slots.code,
        expiry: slots.expiry,
        requestedFrom: slots.from,
      }),
    ),
  );
  return { subject: magicLinkSubject(appName), ...parts };
}

export async function renderNotice(notice: { subject: string; props: NoticeEmailProps }): Promise<RenderedEmail> {
  return { subject: notice.subject, ...(await renderEmail(createElement(NoticeEmail, notice.props))) };
}
