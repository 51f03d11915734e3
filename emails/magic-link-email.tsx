import { Button, Heading, Hr, Link, Section, Text } from "@react-email/components";
import { EmailLayout, colors, monoFamily, textStyles } from "./_components/email-layout";
import { formatClock } from "../lib/format/time";

export interface MagicLinkEmailProps {
  appName: string;
  url: string;
  code: string;
  expiresAt: Date;
  minutesValid: number;
  /** Browser, OS and IP of the request, e.g. "Chrome on macOS, 203.0.113.7". */
  requestedFrom: string;
  /** IANA zone of the requester (e.g. "Europe/Paris"); its local time is shown next to UTC. */
  timeZoneLabel?: string;
}

export function magicLinkSubject(appName: string): string {
  return `Sign in to ${appName}`;
}

/** Inbox preview line. The code stays out of it: lock screens and shared-mailbox lists show it. */
export function magicLinkPreview(appName: string, minutesValid: number): string {
  return `Your sign-in link for ${appName}, valid for ${minutes(minutesValid)}`;
}

/** When the link stops working, as the email states it: "14:15 UTC", plus the requester's local time when known. */
export function magicLinkExpiry(expiresAt: Date, timeZoneLabel?: string): string {
  const local = timeZoneLabel ? formatClock(expiresAt, timeZoneLabel) : null;
  return `${formatClock(expiresAt)} UTC${local ? ` / ${local} ${timeZoneLabel}` : ""}`;
}

export default function MagicLinkEmail(props: MagicLinkEmailProps) {
  return <MagicLinkEmailContent {...props} expiry={magicLinkExpiry(props.expiresAt, props.timeZoneLabel)} />;
}

/** Every per-message value is a string here, so the outbox can render it once with slots (lib/mail/render-email.ts). */
export interface MagicLinkEmailContentProps {
  appName: string;
  url: string;
  code: string;
  expiry: string;
  minutesValid: number;
  requestedFrom: string;
}

export function MagicLinkEmailContent({ appName, url, code, expiry, minutesValid, requestedFrom }: MagicLinkEmailContentProps) {
  return (
    <EmailLayout
      appName={appName}
      preview={magicLinkPreview(appName, minutesValid)}
      footerReason="It was sent to finish a sign-in; no account details have changed."
    >
      <Heading as="h1" style={textStyles.heading}>
        {`Sign in to ${appName}`}
      </Heading>
      <Text style={textStyles.paragraph}>Use the button below to finish signing in.</Text>
      <Section style={buttonRow}>
        <Button href={url} style={textStyles.button}>
          Sign in
        </Button>
      </Section>

      <Text style={textStyles.paragraph}>Or enter this code in the tab where you asked:</Text>
      <Section style={codeBox}>
        <Text style={codeText}>{code}</Text>
      </Section>

      <Text style={textStyles.paragraph}>
        This link and code expire at <strong style={strong}>{expiry}</strong>
        {` (in ${minutes(minutesValid)}) and work once.`}
      </Text>
      <Text style={textStyles.paragraph}>
        Requested from <strong style={strong}>{requestedFrom}</strong>.
      </Text>

      <Hr style={divider} />
      <Text style={textStyles.small}>
        <strong style={strong}>Didn&apos;t ask for this?</strong> You can ignore this email; nobody can sign in without it. If you keep
        getting these, someone may be typing your address — your account stays safe.
      </Text>
      {/* The plain-text part already prints the URL next to "Sign in"; skip the copy there. */}
      <Text style={{ ...textStyles.small, margin: "16px 0 4px" }} data-skip-in-text="true">
        If the button doesn&apos;t work, copy this link into your browser:
      </Text>
      <Text style={rawUrl} data-skip-in-text="true">
        <Link href={url} style={textStyles.link}>
          {url}
        </Link>
      </Text>
    </EmailLayout>
  );
}

MagicLinkEmail.PreviewProps = {
  appName: "Acme",
  url: "https://app.example.com/signin/verify#t=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1u",
  code: "482913",
  expiresAt: new Date("2025-01-14T14:15:00Z"),
  minutesValid: 10,
  requestedFrom: "Chrome on macOS, 203.0.113.7",
  timeZoneLabel: "Europe/Paris",
} satisfies MagicLinkEmailProps;

function minutes(n: number): string {
  return `${n} minute${n === 1 ? "" : "s"}`;
}

const strong = { color: colors.text, fontWeight: 600 };
const buttonRow = { margin: "8px 0 28px" };
const codeBox = {
  margin: "0 0 24px",
  backgroundColor: colors.panel,
  border: `1px solid ${colors.border}`,
  borderRadius: "8px",
};
const codeText = {
  margin: 0,
  padding: "16px 0",
  textAlign: "center" as const,
  fontFamily: monoFamily,
  fontSize: "32px",
  lineHeight: "40px",
  fontWeight: 600,
  letterSpacing: "10px",
  // Letter spacing also trails the last digit; indent by the same amount to stay centred.
  textIndent: "10px",
  color: colors.text,
};
const divider = { borderColor: colors.border, margin: "8px 0 20px" };
const rawUrl = { margin: 0, fontSize: "12px", lineHeight: "18px", wordBreak: "break-all" as const };
