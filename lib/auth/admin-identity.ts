/**
 * Who counts as an administrator: the ADMIN role (granted by the seed or a CLI command)
 * or an address listed in ADMIN_EMAILS. Pure, so the risk signals can ask it too.
 */
export function isAdminAccount(account: { role: string; email: string }, adminEmails: readonly string[]): boolean {
  return account.role === "ADMIN" || adminEmails.includes(account.email.trim().toLowerCase());
}
