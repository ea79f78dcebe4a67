#pragma once

// Termination signals for graceful shutdown. Call BlockTerminationSignals()
// first thing in main, before any thread starts, so every thread inherits
// the mask and WaitForTerminationSignal() alone receives SIGTERM/SIGINT.

namespace jstedu::runtime {

void BlockTerminationSignals();
// Blocks until SIGTERM or SIGINT arrives; returns the signal number.
int WaitForTerminationSignal();

}  // namespace jstedu::runtime
