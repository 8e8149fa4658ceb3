import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { z } from "zod";

// zod 4 probes `new Function` to compile fast parsers; our CSP forbids eval, so the probe only
// logs a violation. Parse without it.
z.config({ jitless: true });

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
