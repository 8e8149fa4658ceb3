export * from "./vocabulary.js";
export * from "./schema/index.js";
export * from "./client.js";
