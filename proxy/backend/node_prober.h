// NodeProber: brings a down node back, from one worker's loop.
//
// Every backend of a down node has one; the node's NodeHealth lets one probe run at a time,
// process-wide. A probe opens a fresh connection (connect timeout), sends `version` and waits
// for VERSION (reply timeout). If the node missed writes while it was down, it then sends
// `flush_all` and waits for OK, and only then is the node marked up (see node_health.h for
// why a flush). A failed probe pushes the next one back (jittered exponential backoff).
//
// poke() is cheap: it starts a probe when one is due and none runs, and otherwise makes sure
// this loop wakes up to try again when the next one is due. Loop thread only.
#pragma once

#include <memory>
#include <string_view>

#include "common/config/cluster_config.h"
#include "common/net/client_connection.h"
#include "common/net/event_loop.h"
#include "common/protocol/response.h"
#include "proxy/backend/backend_options.h"
#include "proxy/backend/node_health.h"

namespace ringcache::proxy {

class NodeProber {
 public:
  NodeProber(common::EventLoop& loop, std::shared_ptr<NodeHealth> health,
             const BackendOptions& options, common::TimeoutConfig timeouts);
  /// Abandons a probe in flight (another worker may take over).
  ~NodeProber();
  NodeProber(const NodeProber&) = delete;
  NodeProber& operator=(const NodeProber&) = delete;

  void poke();
  void set_timeouts(common::TimeoutConfig timeouts) { timeouts_ = timeouts; }
  bool probing() const { return stage_ != Stage::kIdle; }

 private:
  enum class Stage { kIdle, kVersion, kFlush };

  void start();
  void on_data(common::ReadBuffer& in);
  bool on_reply(const common::Response& reply);
  void arm_reply_timer();
  void fail(std::string_view why);
  void finish();
  void arm_retry();

  common::EventLoop& loop_;
  const std::shared_ptr<NodeHealth> health_;
  const BackendOptions options_;
  common::TimeoutConfig timeouts_;
  Stage stage_ = Stage::kIdle;
  std::shared_ptr<common::ClientConnection> conn_;
  common::Response response_;
  common::EventLoop::TimerId reply_timer_ = 0;
  common::EventLoop::TimerId retry_timer_ = 0;
};

}  // namespace ringcache::proxy
