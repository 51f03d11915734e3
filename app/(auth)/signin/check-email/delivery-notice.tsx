"use client";

import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { TabDelivery } from "@/lib/magic-link/request/tab-delivery";
import { resendSignInAction } from "../actions";

type Problem = Extract<TabDelivery, "RETRYING" | "REFUSED" | "BOUNCED">;

/** The same words for every address: they depend on how the email ended, never on whether an account exists. */
const WORDS: Record<Problem, { tone: "warning" | "error"; title: string; body: string }> = {
  RETRYING: {
    tone: "warning",
    title: "We could not send the email yet",
    body: "Our mail server did not accept it. We keep retrying automatically while the link is valid, and this page updates by itself.",
  },
  REFUSED: {
    tone: "error",
    title: "Your email could not be delivered",
    body: "The mail server refused it, or could not be reached while the link was valid, so it will not arrive. Check that the address is spelled right, or send a new email.",
  },
  BOUNCED: {
    tone: "error",
    title: "Your email bounced",
    body: "It was returned to us as undeliverable, so it will not arrive. Check that the address is spelled right, or send a new email.",
  },
};

export function isDeliveryProblem(delivery: TabDelivery): delivery is Problem {
  return delivery in WORDS;
}

/** The email will not arrive: its code cannot be typed, so the code form is not offered. */
export function isUndeliverable(delivery: TabDelivery): boolean {
  return delivery === "REFUSED" || delivery === "BOUNCED";
}

/** Explains why the email has not arrived, and offers a new one to the same address in one click. */
export function DeliveryNotice({ delivery }: { delivery: Problem }) {
  const words = WORDS[delivery];
  return (
    <div className="space-y-3" data-testid="delivery-problem" data-delivery={delivery}>
      <Notice tone={words.tone} title={words.title}>
        {words.body}
      </Notice>
      <div className="flex flex-col gap-1">
        <form action={resendSignInAction}>
          <ResendButton />
        </form>
        <a
          className="inline-flex w-full items-center justify-center rounded-lg px-4 py-2.5 text-sm font-semibold text-indigo-600 hover:text-indigo-500"
          href="/signin"
        >
          Use another address
        </a>
      </div>
    </div>
  );
}

function ResendButton() {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant="secondary" pending={pending}>
      Send a new email
    </Button>
  );
}
