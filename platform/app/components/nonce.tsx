import { createContext, useContext } from "react";

/** The per-request CSP nonce, set while rendering on the server; empty in the browser. */
export const NonceContext = createContext("");

export function useNonce(): string {
  return useContext(NonceContext);
}
