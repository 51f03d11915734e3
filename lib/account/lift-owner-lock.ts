import "server-only";
import { db, type Tx } from "../db";
import { readEnv } from "../env";
import { recordEvents } from "../audit/record-events";
import { enqueueEmail } from "../mail/outbox";
import { kickOutbox } from "../mail/outbox-worker";
import { describeDevice } from "../request/device-description";
import type { RequestFacts } from "../request/request-facts";
import { raiseAlert } from "../risk/raise-alert";
import { accountUnlockedNotice } from "@/emails/notices";
import type { OwnerUnlockMethod } from "./decide-owner-unlock";
import { signInNetwork } from "./new-device-notice";
import { OWNER_REPORTED_LOCK_REASON } from "./secure-account";

class NotLifted extends Error {}

/**
 * The owner proved a factor: in one transaction the factor is spent (a recovery code, a TOTP
 * time step; a passkey's counter already moved), the owner's lock is cleared (only while it is
 * still the owner's lock), the trail records account.unlocked, the administrators get an alert
 * and the owner a notice through the outbox. Two racing unlocks: the second finds no lock and
 * rolls back, so its recovery code stays unused. Returns false when nothing was lifted.
 */
export async function liftOwnerLock(
  owner: { userId: string; email: string },
  method: OwnerUnlockMethod,
  spendFactor: (tx: Tx) => Promise<boolean>,
  facts: RequestFacts,
  now: Date = new Date(),
): Promise<boolean> {
  const env = readEnv();
  const device = describeDevice(facts.userAgent).label;
  const network = signInNetwork(facts.ip);
  try {
    await db.$transaction(async (tx) => {
      if (!(await spendFactor(tx))) throw new NotLifted();
      const lifted = await tx.user.updateMany({
        where: { id: owner.userId, lockedAt: { not: null }, lockReason: OWNER_REPORTED_LOCK_REASON },
        data: { lockedAt: null, lockReason: null },
      });
      if (lifted.count !== 1) throw new NotLifted();
      const recoveryCodesLeft =
        method === "recovery-code" ? await tx.recoveryCode.count({ where: { userId: owner.userId, usedAt: null } }) : undefined;
      await recordEvents(
        tx,
        [
          {
            type: "account.unlocked",
            userId: owner.userId,
            ip: facts.ip,
            userAgent: facts.userAgent,
            deviceHash: facts.deviceHash,
            outcome: "success",
            reason: `by the owner with a ${method}`,
            details: { method, by: "owner", recoveryCodesLeft },
          },
        ],
        now,
      );
      await raiseAlert(tx, {
        kind: "owner-unlocked-account",
        severity: "ELEVATED",
        title: `${owner.email} unlocked their account with a ${method}`,
        subject: owner.userId,
        userId: owner.userId,
        details: {
          method,
          device,
          network,
          reason: `The owner lifted their "this wasn't me" lock with a ${method} from ${device}, network ${network}. If you doubt it was them, lock the account again (user page).`,
        },
        emailAdmins: { except: owner.userId },
        now,
      });
      const notice = accountUnlockedNotice({
        appName: env.APP_NAME,
        method,
        at: now,
        device,
        network,
        signInUrl: `${env.AUTH_URL}/signin`,
      });
      await enqueueEmail(tx, { to: owner.email, payload: { kind: "notice", ...notice } });
    });
  } catch (error) {
    if (error instanceof NotLifted) return false;
    throw error;
  }
  kickOutbox();
  return true;
}
