import { describe, expect, it } from "vitest";
import { isLoopbackHostHeader } from "./loopback-host";

describe("isLoopbackHostHeader", () => {
  it.each(["localhost", "localhost:3000", "LOCALHOST:3000", "127.0.0.1", "127.0.0.1:3000", "[::1]", "[::1]:3000"])(
    "%j is loopback",
    (host) => {
      expect(isLoopbackHostHeader(host)).toBe(true);
    },
  );

  it.each([
    [null],
    [""],
    ["192.168.1.20:3000"],
    ["my-laptop.local:3000"],
    ["rebind.attacker.example:3000"],
    ["localhost.attacker.example"],
    ["127.0.0.1.nip.io:3000"],
    ["attacker.example@localhost:3000"],
    ["localhost:3000/path"],
    ["localhost:3000 evil"],
    ["localhost:notaport"],
    ["::1"],
    ["0.0.0.0:3000"],
  ])("%j is not", (host) => {
    expect(isLoopbackHostHeader(host)).toBe(false);
  });
});
