import { Button, Heading, Section, Text } from "@react-email/components";
import { EmailLayout, textStyles } from "./_components/email-layout";

/**
 * Plain strings only: these props are stored (encrypted) as JSON in the outbox and rendered
 * later, so dates are formatted by the builders in `notices.ts` before they get here.
 */
export interface NoticeEmailProps {
  appName: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footerReason: string;
}

/** The preview line repeats the first paragraph: notices carry no secrets. */
export default function NoticeEmail({ appName, heading, paragraphs, action, footerReason }: NoticeEmailProps) {
  return (
    <EmailLayout appName={appName} preview={paragraphs[0] ?? heading} footerReason={footerReason}>
      <Heading as="h1" style={textStyles.heading}>
        {heading}
      </Heading>
      {paragraphs.map((paragraph, index) => (
        <Text key={index} style={textStyles.paragraph}>
          {paragraph}
        </Text>
      ))}
      {action ? (
        <Section style={buttonRow}>
          <Button href={action.url} style={textStyles.button}>
            {action.label}
          </Button>
        </Section>
      ) : null}
    </EmailLayout>
  );
}

NoticeEmail.PreviewProps = {
  appName: "Acme",
  heading: "New sign-in to your account",
  paragraphs: [
    "Your Acme account was just signed in to from Firefox on Linux (198.51.100.23) on Tue, 14 Jan 2025, 14:05 UTC.",
    "If this was you, there is nothing to do. If it wasn't, sign out that session and review your security settings.",
  ],
  action: { label: "Review sessions", url: "https://app.example.com/account/sessions" },
  footerReason: "We tell you about sign-ins that look unusual for your account.",
} satisfies NoticeEmailProps;

const buttonRow = { margin: "8px 0 8px" };
