import { formatDateTime } from "../lib/format/time";
import type { NoticeEmailProps } from "./notice-email";

/** What the outbox stores for a notice: strings only, rendered later by `renderNotice`. */
export interface Notice {
  subject: string;
  props: NoticeEmailProps;
}

const securityFooter = "We send these notices so you hear about security changes to your account.";

export function repeatedRequestsNotice(input: { appName: string; count: number; periodHours: number; accountUrl: string }): Notice {
  const { appName, count, periodHours, accountUrl } = input;
  return {
    subject: "Someone keeps asking for sign-in links",
    props: {
      appName,
      heading: "Someone keeps asking for sign-in links",
      paragraphs: [
        `Someone asked for more than ${count} ${appName} sign-in links for this address in a short time, so we have paused new links for a while.`,
        "Nobody can sign in without opening a link or typing a code from this inbox, so your account stays safe. If it was you, wait a little and try again.",
        `If you keep getting these, someone may be typing your address on purpose. We send this notice at most once every ${periodHours} hours.`,
      ],
      action: { label: "Review your account", url: accountUrl },
      footerReason: securityFooter,
    },
  };
}

export function codeLockoutNotice(input: { appName: string; minutes: number; accountUrl: string }): Notice {
  const { appName, minutes, accountUrl } = input;
  return {
    subject: `Sign-in codes paused for your ${appName} account`,
    props: {
      appName,
      heading: "Too many wrong sign-in codes",
      paragraphs: [
        `Someone entered too many wrong sign-in codes for your ${appName} account, so we have stopped accepting codes for ${minutes} minutes.`,
        "A wrong code never signs anyone in. If it was you, wait and ask for a new sign-in email.",
        "If it wasn't you, nobody got in. Someone may be guessing, so make sure your email account is well protected.",
      ],
      action: { label: "Review your account", url: accountUrl },
      footerReason: securityFooter,
    },
  };
}

/** Consecutive wrong codes reached the cap (NIST SP 800-63B 5.2.2): codes stay off until a passkey or an admin. */
export function codesSwitchedOffNotice(input: { appName: string; kind: "sign-in" | "step-up"; count: number; accountUrl: string }): Notice {
  const { appName, kind, count, accountUrl } = input;
  const what = kind === "sign-in" ? "sign-in codes" : "authenticator and recovery codes";
  return {
    subject: `${capitalise(what)} switched off for your ${appName} account`,
    props: {
      appName,
      heading: `${capitalise(what)} are switched off`,
      paragraphs: [
        `There have been ${count} wrong ${what} in a row for your ${appName} account, so we no longer accept them.`,
        kind === "sign-in"
          ? "Sign-in links from this inbox still work. Codes work again once you sign in with a passkey, or when support switches them back on."
          : "Your passkey still works. Codes work again once you confirm with a passkey, or when support switches them back on.",
        "A wrong code never lets anyone in. If it wasn't you, someone is guessing: review your sessions and protect your email account.",
      ],
      action: { label: "Review your account", url: accountUrl },
      footerReason: securityFooter,
    },
  };
}

/** The first time someone signed in to the account burns through its step-up code budget. */
export function stepUpGuessingNotice(input: { appName: string; minutes: number; accountUrl: string }): Notice {
  const { appName, minutes, accountUrl } = input;
  return {
    subject: `Wrong authenticator codes on your ${appName} account`,
    props: {
      appName,
      heading: "Someone is trying authenticator codes",
      paragraphs: [
        `Someone signed in to your ${appName} account typed several wrong authenticator or recovery codes, so we have paused code entry for ${minutes} minutes.`,
        "A wrong code never unlocks anything. If it was you, wait and try the newest code from your app.",
        "If it wasn't you, someone has a session on your account (possibly from a sign-in link sent to your inbox): sign out your other sessions now and protect your email account.",
      ],
      action: { label: "Review your sessions", url: accountUrl },
      footerReason: securityFooter,
    },
  };
}

/** To every administrator when something needs a person to look (alerts the console also lists). */
export function adminAlertNotice(input: { appName: string; title: string; detail: string; alertsUrl: string }): Notice {
  const { appName, title, detail, alertsUrl } = input;
  return {
    subject: `[${appName} security] ${title}`,
    props: {
      appName,
      heading: "A security alert needs your attention",
      paragraphs: [title, detail, "Open the alerts page of the admin console to review it and acknowledge it."],
      action: { label: "Open alerts", url: alertsUrl },
      footerReason: "You receive these because you are an administrator.",
    },
  };
}

/** The holder of a sign-in link said they did not ask for it: confirm what we did about it. */
export function unrequestedSignInNotice(input: { appName: string; requester: string; at: Date; accountUrl: string }): Notice {
  const { appName, requester, at, accountUrl } = input;
  return {
    subject: `We stopped a sign-in to ${appName} you didn't ask for`,
    props: {
      appName,
      heading: "Sign-in stopped",
      paragraphs: [
        `Someone asked for a ${appName} sign-in link for this address from ${requester} on ${formatDateTime(at)}. You told us it wasn't you, so we cancelled it. Nobody signed in.`,
        "Someone may have typed your address on purpose, hoping you would approve their sign-in. Never approve a sign-in you didn't start.",
        "There is nothing else to do. If it keeps happening, tell your administrator.",
      ],
      action: { label: "Review your account", url: accountUrl },
      footerReason: securityFooter,
    },
  };
}

/**
 * A sign-in from a browser that never signed in to the account before (or a risky one), with a
 * one-use "this wasn't me" link that ends every session and locks sign-in.
 */
export function newDeviceSignInNotice(input: {
  appName: string;
  device: string;
  network: string;
  at: Date;
  secureUrl: string;
  expiresAt: Date;
}): Notice {
  const { appName, device, network, at, secureUrl, expiresAt } = input;
  return {
    subject: `New sign-in to ${appName} from ${device}`,
    props: {
      appName,
      heading: `New sign-in to ${appName}`,
      paragraphs: [
        `Your ${appName} account was signed in to from ${device}, network ${network}, on ${formatDateTime(at)}.`,
        "If this was you, there is nothing to do.",
        `If it wasn't, use the button below: it signs out every session, cancels pending sign-in links and locks sign-in until you unlock it with your passkey, authenticator app or a recovery code, or your administrator unlocks it. It works once, until ${formatDateTime(expiresAt)}.`,
      ],
      action: { label: "Not you? Sign out everywhere and lock the account", url: secureUrl },
      footerReason: "We tell you when your account is signed in to from a browser it has not seen before.",
    },
  };
}

/** After "this wasn't me": what was done, and how the owner gets back in (the link only opens the page; a factor unlocks). */
export function accountLockedNotice(input: { appName: string; at: Date; sessionsEnded: number; recoverUrl: string }): Notice {
  const { appName, at, sessionsEnded, recoverUrl } = input;
  return {
    subject: `Your ${appName} account is locked`,
    props: {
      appName,
      heading: "Your account is locked",
      paragraphs: [
        `As you asked on ${formatDateTime(at)}, we signed out ${sessionsEnded === 1 ? "1 session" : `${sessionsEnded} sessions`}, cancelled pending sign-in links and locked sign-in to your ${appName} account. Your administrators have been alerted.`,
        "Protect your email account first: whoever signed in may be able to read it.",
        "Then unlock your account with your passkey, your authenticator app or a recovery code on the page below. This email alone cannot unlock anything. No factor to hand? Ask your administrator.",
      ],
      action: { label: "Unlock your account", url: recoverUrl },
      footerReason: securityFooter,
    },
  };
}

const UNLOCK_METHOD_WORDS = {
  passkey: "your passkey",
  totp: "a code from your authenticator app",
  "recovery-code": "one of your recovery codes",
} as const;

/** The owner lifted their own "this wasn't me" lock with a factor: tell them, in case it was not them. */
export function accountUnlockedNotice(input: {
  appName: string;
  method: keyof typeof UNLOCK_METHOD_WORDS;
  at: Date;
  device: string;
  network: string;
  signInUrl: string;
}): Notice {
  const { appName, method, at, device, network, signInUrl } = input;
  return {
    subject: `Your ${appName} account was unlocked`,
    props: {
      appName,
      heading: "Your account was unlocked",
      paragraphs: [
        `Your ${appName} account was unlocked with ${UNLOCK_METHOD_WORDS[method]} on ${formatDateTime(at)}, from ${device}, network ${network}. Sign-in works again.`,
        method === "passkey"
          ? "That browser was signed in with the passkey."
          : "Nobody was signed in: sign in as usual, and a browser we have not seen before will be asked for your passkey or authenticator app.",
        "If this wasn't you, someone holds one of your factors: tell your administrator at once, so they can lock the account again and reset your factors.",
      ],
      action: { label: "Sign in", url: signInUrl },
      footerReason: securityFooter,
    },
  };
}

export function riskySignInNotice(input: { appName: string; device: string; ip: string; at: Date; sessionsUrl: string }): Notice {
  const { appName, device, ip, at, sessionsUrl } = input;
  return {
    subject: `New sign-in to your ${appName} account — was this you?`,
    props: {
      appName,
      heading: "New sign-in to your account",
      paragraphs: [
        `Your ${appName} account was signed in to from ${device} (${ip}) on ${formatDateTime(at)}.`,
        "If this was you, there is nothing to do.",
        "If it wasn't, sign that session out now. Whoever did it could open mail sent to you, so change your email password too.",
      ],
      action: { label: "Review sessions", url: sessionsUrl },
      footerReason: "We tell you about sign-ins that look unusual for your account.",
    },
  };
}

type Factor = "passkey" | "authenticator app" | "recovery code used";

export function factorChangedNotice(input: {
  appName: string;
  change: "added" | "removed";
  factor: Factor;
  name?: string;
  at: Date;
  securityUrl: string;
}): Notice {
  const { appName, change, factor, name, at, securityUrl } = input;
  const when = formatDateTime(at);
  // A used recovery code is an event, not a change of factor; "change" does not apply to it.
  const [subject, heading, what] =
    factor === "recovery code used"
      ? [
          `A recovery code was used on your ${appName} account`,
          "A recovery code was used",
          `One of your recovery codes was used on ${when}. Each code works only once.`,
        ]
      : [
          `${capitalise(withArticle(factor))} was ${change} ${change === "added" ? "to" : "from"} your ${appName} account`,
          `${capitalise(factor)} ${change}`,
          `${capitalise(withArticle(factor))}${name ? ` named “${name}”` : ""} was ${change} ${change === "added" ? "to" : "from"} your account on ${when}.`,
        ];
  return {
    subject,
    props: {
      appName,
      heading,
      paragraphs: [
        what,
        "If this was you, there is nothing to do. If it wasn't, review your security settings now and remove anything you don't recognise.",
      ],
      action: { label: "Review security settings", url: securityUrl },
      footerReason: securityFooter,
    },
  };
}

/** Sent to the new address, to prove it belongs to the account holder before sign-ins go there. */
export function emailChangeConfirm(input: { appName: string; newEmail: string; confirmUrl: string; expiresAt: Date }): Notice {
  const { appName, newEmail, confirmUrl, expiresAt } = input;
  return {
    subject: `Confirm your new email address for ${appName}`,
    props: {
      appName,
      heading: "Confirm your new email address",
      paragraphs: [
        `Someone asked to use ${newEmail} for signing in to their ${appName} account. Confirm to finish the change.`,
        `This link expires at ${formatDateTime(expiresAt)} and works once.`,
        "If you didn't ask for this, ignore this email; nothing changes without your confirmation.",
      ],
      action: { label: "Confirm email address", url: confirmUrl },
      footerReason: "It was sent to check that this address belongs to you.",
    },
  };
}

/** Sent to the old address, so the owner can undo a change made by someone else. */
export function emailChangedNotice(input: { appName: string; oldEmail: string; newEmail: string; revertUrl: string; at: Date }): Notice {
  const { appName, oldEmail, newEmail, revertUrl, at } = input;
  return {
    subject: `Your ${appName} email address was changed`,
    props: {
      appName,
      heading: "Your email address was changed",
      paragraphs: [
        `The email address of your ${appName} account was changed from ${oldEmail} to ${newEmail} on ${formatDateTime(at)}.`,
        "Sign-in links now go to the new address, and your other sessions were signed out.",
        "If you made this change, there is nothing to do. If you didn't, undo it now.",
      ],
      action: { label: "This wasn't me — undo the change", url: revertUrl },
      footerReason: securityFooter,
    },
  };
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? "an" : "a"} ${noun}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * An administrator asked to reset every factor of the account. Nothing happens until
 * effectiveAt; the one-use link cancels it until then (the page needs a click, so a mail
 * scanner that opens the link changes nothing).
 */
export function factorResetRequestedNotice(input: {
  appName: string;
  adminEmail: string;
  reason: string;
  requestedAt: Date;
  effectiveAt: Date;
  cancelUrl: string;
}): Notice {
  const { appName, adminEmail, reason, requestedAt, effectiveAt, cancelUrl } = input;
  return {
    subject: `Your ${appName} passkeys and authenticator app will be reset on ${formatDateTime(effectiveAt)}`,
    props: {
      appName,
      heading: "An administrator asked to reset your sign-in factors",
      paragraphs: [
        `On ${formatDateTime(requestedAt)}, administrator ${adminEmail} asked to remove every passkey, authenticator app and recovery code from your ${appName} account. The reason they gave: "${reason}".`,
        `Nothing changes before ${formatDateTime(effectiveAt)}. Then they are removed, every session of your account is signed out, and you can set up new ones after signing in by email.`,
        "If you asked for this because you lost your factors, there is nothing to do. If you did not, cancel it with the button below: it works once, until the reset takes effect. Then tell your administrator, because someone may be trying to take over your account.",
      ],
      action: { label: "Cancel the reset", url: cancelUrl },
      footerReason: securityFooter,
    },
  };
}

export function factorResetCancelledNotice(input: { appName: string; by: "owner" | "admin"; at: Date; accountUrl: string }): Notice {
  const { appName, by, at, accountUrl } = input;
  return {
    subject: `The reset of your ${appName} sign-in factors was cancelled`,
    props: {
      appName,
      heading: "Factor reset cancelled",
      paragraphs: [
        `The reset of your passkeys, authenticator app and recovery codes was cancelled ${by === "owner" ? "with the link we emailed you" : "by an administrator"} on ${formatDateTime(at)}. Nothing was removed.`,
        by === "owner"
          ? "Your administrators have been told. If you did not ask for the reset, tell them so."
          : "If you still need a reset, ask your administrator.",
      ],
      action: { label: "Review your account", url: accountUrl },
      footerReason: securityFooter,
    },
  };
}

export function factorResetCompletedNotice(input: {
  appName: string;
  at: Date;
  removed: string;
  sessionsEnded: number;
  signInUrl: string;
}): Notice {
  const { appName, at, removed, sessionsEnded, signInUrl } = input;
  return {
    subject: `Your ${appName} sign-in factors were reset`,
    props: {
      appName,
      heading: "Your sign-in factors were reset",
      paragraphs: [
        `As an administrator asked, on ${formatDateTime(at)} we removed ${removed} from your ${appName} account and signed out ${sessionsEnded === 1 ? "1 session" : `${sessionsEnded} sessions`}.`,
        "Sign in with an email link and set up a new passkey or authenticator app on the security page.",
        "If you did not expect this, tell your administrator at once.",
      ],
      action: { label: "Sign in", url: signInUrl },
      footerReason: securityFooter,
    },
  };
}
