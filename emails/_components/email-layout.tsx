import type { ReactNode } from "react";
import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";

// The folder is named `_components` because the react-email CLI treats every file with a
// default export as a template, and skips only folders that start with "_" (or `static`).

export const colors = {
  accent: "#4f46e5",
  text: "#111827",
  muted: "#4b5563",
  subtle: "#6b7280",
  border: "#e5e7eb",
  page: "#f3f4f6",
  panel: "#f9fafb",
} as const;

const fontFamily = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const monoFamily = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

export interface EmailLayoutProps {
  appName: string;
  /** Inbox preview line; must never hold a secret, since notification previews leak it. */
  preview: string;
  /** Second sentence of the footer: why this particular message was sent. */
  footerReason: string;
  children: ReactNode;
}

export function EmailLayout({ appName, preview, footerReason, children }: EmailLayoutProps) {
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Section style={header}>
            <Text style={brand}>
              {/* The app's logo mark, as on every page (components/ui/app-mark.tsx); kept out of the plain-text part. */}
              <span style={brandMark} data-skip-in-text="true">
                {appName.slice(0, 1).toUpperCase()}
              </span>
              {appName}
            </Text>
          </Section>
          <Section style={card}>{children}</Section>
          <Hr style={rule} />
          <Text style={footer}>{`You received this email because someone entered this address on ${appName}. ${footerReason}`}</Text>
        </Container>
      </Body>
    </Html>
  );
}

/** Shared text styles so every template reads the same. */
export const textStyles = {
  heading: { margin: "0 0 16px", fontSize: "22px", lineHeight: "30px", fontWeight: 600, color: colors.text },
  paragraph: { margin: "0 0 16px", fontSize: "15px", lineHeight: "24px", color: colors.muted },
  small: { margin: "0 0 8px", fontSize: "13px", lineHeight: "20px", color: colors.subtle },
  button: {
    display: "inline-block",
    backgroundColor: colors.accent,
    color: "#ffffff",
    fontSize: "15px",
    fontWeight: 600,
    lineHeight: "20px",
    textDecoration: "none",
    borderRadius: "8px",
    padding: "12px 28px",
  },
  link: { color: colors.accent, textDecoration: "underline", wordBreak: "break-all" as const },
} as const;

const body = { margin: 0, padding: "32px 12px", backgroundColor: colors.page, fontFamily };
const container = { maxWidth: "560px", width: "100%", margin: "0 auto" };
const header = { padding: "0 8px 16px" };
const brand = { margin: 0, fontSize: "16px", lineHeight: "28px", fontWeight: 600, color: colors.text };
const brandMark = {
  display: "inline-block",
  width: "28px",
  height: "28px",
  marginRight: "8px",
  borderRadius: "8px",
  backgroundColor: colors.accent,
  color: "#ffffff",
  fontSize: "15px",
  fontWeight: 700,
  lineHeight: "28px",
  textAlign: "center" as const,
  verticalAlign: "middle",
};
const card = {
  backgroundColor: "#ffffff",
  border: `1px solid ${colors.border}`,
  borderRadius: "12px",
  padding: "32px",
};
const rule = { borderColor: colors.border, margin: "24px 0 16px" };
const footer = { margin: 0, padding: "0 8px", fontSize: "12px", lineHeight: "18px", color: colors.subtle };
