import { fork } from "node:child_process";
import path from "node:path";

export interface MailSink {
  port: number;
  /** Recipient → when the sink accepted its message (epoch ms), for recipients starting with prefix. */
  acceptedSince(prefix: string): Promise<Map<string, number>>;
  close(): Promise<void>;
}

/** Starts smtp-sink.ts in its own process on the given port. */
export async function startMailSink(port: number): Promise<MailSink> {
  const child = fork(path.join(import.meta.dirname, "smtp-sink.ts"), [String(port)], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`SMTP sink exited with code ${code}`)));
    child.once("message", () => resolve());
  });
  child.removeAllListeners("exit");
  return {
    port,
    acceptedSince: (prefix) =>
      new Promise((resolve) => {
        child.once("message", (message: { accepted: Array<[string, number]> }) => resolve(new Map(message.accepted)));
        child.send({ type: "accepted", prefix });
      }),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
