import { createElement, type ReactElement } from "react";
import { render } from "@react-email/render";
import MagicLinkEmail, { magicLinkSubject, type MagicLinkEmailProps } from "@/emails/magic-link-email";
import NoticeEmail, { type NoticeEmailProps } from "@/emails/notice-email";

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

export async function renderMagicLinkEmail(props: MagicLinkEmailProps): Promise<RenderedEmail> {
  return { subject: magicLinkSubject(props.appName), ...(await renderEmail(createElement(MagicLinkEmail, props))) };
}

export async function renderNotice(notice: { subject: string; props: NoticeEmailProps }): Promise<RenderedEmail> {
  return { subject: notice.subject, ...(await renderEmail(createElement(NoticeEmail, notice.props))) };
}
