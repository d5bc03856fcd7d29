#include "common/net/stop_signals.h"

#include <pthread.h>
#include <signal.h>

namespace ringcache::common {
namespace {

void change_stop_signals(int how) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(how, &set, nullptr);
}

}  // namespace

void block_stop_signals() { change_stop_signals(SIG_BLOCK); }
void unblock_stop_signals() { change_stop_signals(SIG_UNBLOCK); }

}  // namespace ringcache::common
