/** Version of the card schema this package writes. */
export const CARD_VERSION = '1.0' as const;
