// Stop signals (SIGINT, SIGTERM) held back while a process starts: a signal that arrives
// before Server::run() has installed its handlers would otherwise kill the process the
// default way and leave its pid file behind. block_stop_signals() holds them pending in
// the calling thread (and threads and children it creates later); Server::run() calls
// unblock_stop_signals() once its handlers exist, which delivers any pending one.
#pragma once

namespace ringcache::common {

void block_stop_signals();
void unblock_stop_signals();

}  // namespace ringcache::common
