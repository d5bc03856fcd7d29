// run_command: runs a program to completion with a time limit and captures its output.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace ringcache::integration {

struct CommandResult {
  int exit_code = -1;      // exit status, or -1 when killed by a signal or not started
  bool timed_out = false;  // the limit passed and the process group was killed
  std::string output;      // stdout and stderr, interleaved
};

/// Runs argv[0] (an absolute path) with `argv` in its own process group; kills the group
/// with SIGKILL when `limit` passes.
CommandResult run_command(const std::vector<std::string>& argv, std::chrono::milliseconds limit);

}  // namespace ringcache::integration
