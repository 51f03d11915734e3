import { describe, expect, it } from "vitest";
import { isUnloggedDevRequest } from "./dev-request-log";

describe("development request log", () => {
  it.each([
    "/api/auth/callback/nodemailer?callbackUrl=%2Faccount&token=abc&email=a%40b.example",
    "/api/auth/callback/nodemailer?token=abc",
    "/account/email/confirm?change=c123",
    "/signin?callbackUrl=%2Fadmin",
    "/admin/attempts?email=victim%40example.com",
    "/api/sign-in/status",
    "/api/sign-in/status?t=1",
    "/verify/warm-up?dev-warm-up",
  ])("leaves out %s", (url) => {
    expect(isUnloggedDevRequest(url)).toBe(true);
  });

  it.each([
    "/signin",
    "/account",
    "/admin/attempts?status=PENDING",
    "/verify/c123",
    "/api/sign-in/request",
    "/api/sign-in/statusbar",
    "/signin?dev-warm-up=no",
  ])("logs %s", (url) => {
    expect(isUnloggedDevRequest(url)).toBe(false);
  });
});
