import { db } from "../../lib/db";
import { recordEvents } from "../../lib/audit/record-events";
import { assessRisk } from "../../lib/risk/risk";
import { storeRiskAssessment } from "../../lib/risk/risk-store";
import type { AttemptStory, TimedEvents } from "./attempt-story";
import type { DemoHistory } from "./demo-history";
import { demoRiskInputs } from "./demo-risk-inputs";

const ROWS_PER_INSERT = 1_000;
const STEPS_PER_TRANSACTION = 500;

type Step = { at: Date; events: TimedEvents["events"] } | { at: Date; assess: AttemptStory };

/**
 * Writes the history as the app would have: rows first (in their final state), then every
 * audit event through recordEvents in time order, with each attempt's risk assessed right
 * after its last event by the app's own signals and storeRiskAssessment (only what had
 * happened by then counts). Steps are batched into transactions; the hash chain is one line.
 */
export async function writeDemoHistory(history: DemoHistory, log: (line: string) => void): Promise<{ events: number }> {
  // Accounts that already exist (a developer's own sign-ins) keep their rows; the admin gets its role.
  await db.user.createMany({ data: history.users, skipDuplicates: true });
  const admin = history.users.find((user) => user.role === "ADMIN");
  if (admin) await db.user.update({ where: { email: admin.email }, data: { role: "ADMIN" } });
  for (let index = 0; index < history.stories.length; index += ROWS_PER_INSERT) {
    await db.loginAttempt.createMany({ data: history.stories.slice(index, index + ROWS_PER_INSERT).map((story) => story.row) });
  }
  await db.session.createMany({ data: history.sessions });

  const steps: Step[] = [
    ...history.stories.flatMap((story) => story.items),
    ...history.loose,
    ...history.stories.map((story) => ({ at: new Date(story.lastAt.getTime() + 400), assess: story })),
  ];
  // Stable sort: events of one moment keep their order, and an assessment follows the events it scores.
  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || Number("assess" in a) - Number("assess" in b));

  const riskInput = demoRiskInputs(history);
  let events = 0;
  for (let index = 0; index < steps.length; index += STEPS_PER_TRANSACTION) {
    await db.$transaction(
      async (tx) => {
        for (const step of steps.slice(index, index + STEPS_PER_TRANSACTION)) {
          if ("assess" in step) {
            const input = riskInput(step.assess, step.at);
            await storeRiskAssessment(tx, input, assessRisk(input), step.at, { notifyOwner: false });
            events++;
          } else {
            await recordEvents(tx, step.events, step.at);
            events += step.events.length;
          }
        }
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    if ((index / STEPS_PER_TRANSACTION) % 10 === 9)
      log(`  … ${Math.round(((index + STEPS_PER_TRANSACTION) / steps.length) * 100)}% of the trail written`);
  }
  return { events };
}
