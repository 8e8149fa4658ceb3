// Preloaded into the platform process (NODE_OPTIONS=--require, since Node 20 refuses --cpu-prof
// there): profiles its CPU from start to exit and writes a .cpuprofile (Chrome DevTools format)
// into BENCH_CPU_PROF_DIR.
const { Session } = require("node:inspector");
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");

const directory = process.env.BENCH_CPU_PROF_DIR;
if (directory) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  // a session on the main thread answers synchronously, so the profile is written before the process ends
  process.on("exit", () => {
    session.post("Profiler.stop", (error, result) => {
      if (!error) writeFileSync(join(directory, `platform-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
