/**
 * What an attempt's address becomes once it is erased: not an address, so nothing can ever be
 * sent to it, match an account, or count towards another address's limits.
 */
export const ERASED_ADDRESS = "(erased)";
