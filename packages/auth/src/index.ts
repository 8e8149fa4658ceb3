export * from "./password.js";
export * from "./totp.js";
export * from "./tokens.js";
export * from "./sessions.js";
