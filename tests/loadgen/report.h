// Prints results for people and, on one "result key=value ..." line, for scripts.
#pragma once

#include <cstdio>

#include "fill.h"
#include "load_run.h"
#include "options.h"
#include "replay.h"

namespace ringcache::loadgen {

void print_load(std::FILE* out, const Options& options, const LoadResult& result);
void print_fill(std::FILE* out, const Options& options, const FillResult& result, long rss_kb);
void print_replay(std::FILE* out, const Options& options, const ReplayResult& result, long rss_kb);

}  // namespace ringcache::loadgen
