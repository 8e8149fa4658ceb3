import { runPluginConformance } from "./conformance.ts";
import { fixturePlugin, fixtureSamples } from "./test-support/fixture-plugin.ts";

runPluginConformance(fixturePlugin, fixtureSamples);
