// Texts the Google and Azure error tables append to a class's message.

/** A token endpoint refused the request's time: the operator's clock is the usual cause. */
export const CLOCK_HINT = ' — check the clock';
