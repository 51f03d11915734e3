import { expect } from "@playwright/test";
import { readMailbox, type CaughtMessage } from "../../lib/mail/mailbox";
import { E2E_MAILBOX } from "../../test/support/e2e-instances";

/** Waits for the SMTP catcher to receive `count` messages for `recipient` and returns them, newest first. */
export async function waitForMail(
  recipient: string,
  options: { count?: number; subject?: RegExp; timeoutMs?: number } = {},
): Promise<CaughtMessage[]> {
  const count = options.count ?? 1;
  let messages: CaughtMessage[] = [];
  await expect
    .poll(
      () => {
        messages = readMailbox(E2E_MAILBOX, recipient).filter((m) => !options.subject || options.subject.test(m.subject));
        return messages.length;
      },
      { timeout: options.timeoutMs ?? 15_000, message: `waiting for ${count} message(s) to ${recipient}` },
    )
    .toBeGreaterThanOrEqual(count);
  return messages;
}

export function mailTo(recipient: string): CaughtMessage[] {
  return readMailbox(E2E_MAILBOX, recipient);
}

/** Every message the catcher holds, for "nothing was sent to anyone else" checks. */
export function allMail(): CaughtMessage[] {
  return readMailbox(E2E_MAILBOX);
}

export function signInLinkFrom(message: CaughtMessage): string {
  const match = /(https?:\/\/[^\s"<>]+\/verify\/[a-z0-9]+#[A-Za-z0-9_-]+)/.exec(message.text);
  if (!match) throw new Error(`No sign-in link in message "${message.subject}"`);
  return match[1];
}

export function signInCodeFrom(message: CaughtMessage): string {
  const match = /\b(\d{3}\s?\d{3})\b/.exec(message.text.replace(/https?:\/\/\S+/g, ""));
  if (!match) throw new Error(`No code in message "${message.subject}"`);
  return match[1].replace(/\s/g, "");
}
