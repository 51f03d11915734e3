import "reflect-metadata";
import { createPrivateKey, sign, webcrypto, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as x509 from "@peculiar/x509";
import type { SnsTrust } from "@/lib/mail/feedback/sns-verifier";

/**
 * Plays Amazon SNS for tests: a key and a self-signed certificate made here, served from a
 * local HTTP server together with a subscription-confirmation endpoint, and messages signed
 * the way the SNS documentation describes (written out here independently of the app's code,
 * so a mistake there cannot hide behind the same mistake here).
 */
export interface LocalSns {
  origin: string;
  certificateUrl: string;
  /** A trust for handleDeliveryFeedback that accepts this server instead of AWS's endpoints. */
  trust: SnsTrust;
  /** Signs the message's fields and adds SignatureVersion, Signature and SigningCertURL. */
  signed(fields: Record<string, string>, version?: "1" | "2", key?: KeyObject): Record<string, string>;
  /** Tokens of the subscriptions confirmed through the SubscribeURL. */
  confirmations: string[];
  /** A key whose certificate was never published, to sign forgeries with. */
  strangerKey: KeyObject;
  close(): Promise<void>;
}

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
const ALGORITHM = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

async function newKey(): Promise<{ pair: CryptoKeyPair; key: KeyObject }> {
  const pair = (await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"])) as CryptoKeyPair;
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", pair.privateKey));
  return { pair, key: createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }) };
}

/** The fields SNS signs, in the documented order; Subject only when present, Token and SubscribeURL only in confirmations. */
function stringToSign(fields: Record<string, string>): string {
  const order =
    fields.Type === "Notification"
      ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
      : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  return order
    .filter((name) => fields[name] !== undefined)
    .map((name) => `${name}\n${fields[name]}\n`)
    .join("");
}

export async function startLocalSns(): Promise<LocalSns> {
  const { pair, key } = await newKey();
  const stranger = await newKey();
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=sns.amazonaws.com",
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 86_400_000),
    signingAlgorithm: ALGORITHM,
    keys: pair,
  });
  const pem = certificate.toString("pem");
  const confirmations: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === "/SimpleNotificationService-test.pem") {
      response.writeHead(200, { "Content-Type": "application/x-pem-file" }).end(pem);
    } else if (url.pathname === "/confirm") {
      confirmations.push(url.searchParams.get("Token") ?? "");
      response.writeHead(200, { "Content-Type": "text/xml" }).end("<ConfirmSubscriptionResponse/>");
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const certificateUrl = `${origin}/SimpleNotificationService-test.pem`;
  return {
    origin,
    certificateUrl,
    confirmations,
    strangerKey: stranger.key,
    trust: {
      allows: (url) => url.origin === origin && (url.pathname.endsWith(".pem") || url.pathname === "/confirm"),
      fetch: (url) => fetch(url),
    },
    signed(fields, version = "2", signingKey = key) {
      const signature = sign(version === "1" ? "sha1" : "sha256", Buffer.from(stringToSign(fields), "utf8"), signingKey).toString("base64");
      return { ...fields, SignatureVersion: version, Signature: signature, SigningCertURL: certificateUrl };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
