import type { BrowserContext, CDPSession, Page } from "@playwright/test";

/**
 * Chromium's virtual authenticator (CDP WebAuthn domain): a platform passkey with user
 * verification that always succeeds, so registration and assertion run headless with the
 * real WebAuthn code paths in the browser and on the server.
 */
export interface VirtualAuthenticator {
  cdp: CDPSession;
  authenticatorId: string;
  credentialCount(): Promise<number>;
  /** Makes the next ceremonies fail user verification (a wrong fingerprint). */
  setUserVerified(verified: boolean): Promise<void>;
}

export async function addVirtualAuthenticator(context: BrowserContext, page: Page): Promise<VirtualAuthenticator> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    cdp,
    authenticatorId,
    async credentialCount() {
      const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
      return credentials.length;
    },
    async setUserVerified(verified: boolean) {
      await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified: verified });
    },
  };
}
