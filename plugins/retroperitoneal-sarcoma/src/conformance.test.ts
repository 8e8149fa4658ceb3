import { runPluginConformance } from "@consult/plugin-sdk/conformance";
import { retroperitonealSarcomaPlugin, sampleAnswer, sampleIntake } from "./index.ts";

runPluginConformance(retroperitonealSarcomaPlugin, { sampleIntake, sampleAnswer });
