import { runPluginConformance } from "@consult/plugin-sdk/conformance";
import { rectalLrPlugin, sampleAnswer, sampleIntake } from "./index.ts";

runPluginConformance(rectalLrPlugin, { sampleIntake, sampleAnswer });
