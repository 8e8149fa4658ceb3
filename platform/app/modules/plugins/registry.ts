import { PLUGIN_API_VERSION, type AnyDiseasePlugin } from "@consult/plugin-sdk";
import { rectalLrPlugin } from "@consult/plugin-rectal-lr";
import { retroperitonealSarcomaPlugin } from "@consult/plugin-retroperitoneal-sarcoma";

/**
 * The installed disease plugins, in the order they are offered. Adding a disease area is adding
 * its workspace package to the platform's dependencies and one entry here; whether it accepts
 * new cases is a runtime setting (plugin-settings.server.ts).
 */
export const DISEASE_PLUGINS: readonly AnyDiseasePlugin[] = [rectalLrPlugin, retroperitonealSarcomaPlugin];

for (const plugin of DISEASE_PLUGINS) {
  if (plugin.apiVersion !== PLUGIN_API_VERSION) {
    throw new Error(`plugin ${plugin.id} targets plugin API ${plugin.apiVersion}, the platform speaks ${PLUGIN_API_VERSION}`);
  }
}

/** The installed plugin with this id, or undefined. */
export function getPlugin(id: string): AnyDiseasePlugin | undefined {
  return DISEASE_PLUGINS.find((plugin) => plugin.id === id);
}
