const ADDRESS = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g;

/**
 * Provider text (a bounce's diagnostic, an SMTP reply) with every email address replaced:
 * it goes into the audit trail, which keeps it for good, and an address is personal data.
 */
export function scrubAddresses(text: string | null | undefined, max = 200): string | null {
  if (!text) return null;
  const clean = text.replace(ADDRESS, "<address>").replace(/\s+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean || null;
}
