export * from "./accounts.js";
export * from "./audit.js";
export * from "./rate-limits.js";
