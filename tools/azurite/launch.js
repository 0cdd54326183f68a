// Runs Azurite's blob service in this process and makes SIGTERM/SIGINT a bounded stop: Azurite's own shutdown can hang
// on open connections (it then ignores the signal), which would leave a process behind whoever stopped it (DCP, a test).
// Usage: node launch.js <azurite-blob arguments...>
"use strict";
const path = require("path");

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.on(signal, () => {
    if (stopping) {
      process.exit(0);
    }
    stopping = true;
    // Azurite's handler (registered below) closes and flushes; after 2 s exit regardless (it may never exit by itself).
    setTimeout(() => process.exit(0), 2000);
  });
}

// When the parent (DCP or a test host) dies without a signal, stdin closes: stop too rather than outlive it.
if (process.env.AZURITE_EXIT_WITH_STDIN === "1") {
  process.stdin.on("end", () => process.kill(process.pid, "SIGTERM"));
  process.stdin.resume();
}

process.argv = [process.argv[0], "azurite-blob", ...process.argv.slice(2)];
require(path.join(__dirname, "node_modules", "azurite", "dist", "src", "blob", "main.js"));
