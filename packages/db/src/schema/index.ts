export * from "./accounts.js";
export * from "./audit.js";
export * from "./rate-limits.js";
export * from "./jobs.js";
export * from "./consultations.js";
export * from "./messaging.js";
export * from "./imaging.js";
