/**
 * The mailbox an address delivers to, for send budgets only: "name+anything@x.com" reaches
 * the same inbox as "name@x.com" at virtually every provider, so ten "+tags" must not buy ten
 * budgets for flooding one inbox. The account stays the exact address (email-address.ts keeps
 * +tags apart on purpose); only the budget folds. Input is an already canonical address.
 */
export function mailboxOf(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return email;
  const local = email.slice(0, at);
  const plus = local.indexOf("+");
  return plus > 0 ? `${local.slice(0, plus)}${email.slice(at)}` : email;
}
