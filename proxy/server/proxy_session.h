// ProxySession: one client connection of the proxy. It parses text and meta requests, routes
// each by its key to a node of the listener's pool, and answers pipelined requests in order.
//
// Order: every request that owes a reply gets a slot in a FIFO. A slot is ready when its
// reply is known (made locally, or every backend reply it waits for arrived, in any order);
// ready slots at the head are appended to the output and flushed. Requests without a reply
// (noreply) get no slot.
//
// Bounds: past `max_pending` owed replies (or `max_held_bytes` of replies held behind a slow
// one) the session stops reading and resumes below half of both.
//
// Lifetime: backend callbacks hold a shared_ptr to the session, so it outlives its
// connection until they have all run; after on_close() they only update counters.
// Threads: everything runs on the worker's loop thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/net/session.h"
#include "common/protocol/request.h"
#include "common/protocol/text_parser.h"
#include "common/util/function_ref.h"
#include "proxy/access/access_guard.h"
#include "proxy/route/multi_get.h"
#include "proxy/server/node_stats_sum.h"
#include "proxy/server/worker.h"

namespace ringcache::proxy {

struct SessionLimits {
  common::TextParserLimits parser;  // item size limit, as memcached -I
  // Requests owed a reply before reading pauses. It also bounds what a client that never
  // reads can make the proxy buffer: this many replies (each up to the item size) beyond
  // the connection's output high-water mark. 1024 let 1024 gets of 256 KiB pile up 120 MiB.
  std::size_t max_pending = 64;
  std::size_t max_held_bytes = 8u << 20;
};

/// The proxy's `version` string.
inline constexpr std::string_view kProxyVersion = "1.6.18-ringcache-proxy";

class ProxySession : public std::enable_shared_from_this<ProxySession> {
 public:
  /// `listener` indexes the tree's config().listeners (it picks the pool).
  ProxySession(Worker& worker, common::SessionControl& control, std::size_t listener,
               const SessionLimits& limits);

  std::size_t on_input(std::string_view in, std::string& out, bool& close);
  void on_close();
  bool busy() const { return !slots_.empty(); }

  /// Requests sent to nodes and not answered yet (noreply ones included).
  std::size_t outstanding() const { return outstanding_; }

 private:
  struct Slot {
    std::string reply;
    uint32_t waiting = 0;  // backend replies still owed
    bool ready = false;
    common::Command command = common::Command::kNone;  // a split multi-get's command
    std::unique_ptr<MultiGet> multi;
    std::unique_ptr<NodeStatsSum> node_stats;  // `stats` waiting for the nodes' stats
  };
  // What a single-key reply callback needs once the request's bytes are gone.
  struct Plan {
    common::Command command = common::Command::kNone;
    uint32_t keys = 1;
    bool quiet = false;                       // meta q
    NodeCounters::PerWorker* node = nullptr;  // stable across reloads, unlike indexes
  };
  static constexpr uint64_t kNoSlot = UINT64_MAX;

  // Input (proxy_session.cc).
  bool handle(const common::ParseResult& parsed);
  bool handle_access();                                  // false: answered here
  std::size_t handle_auth(std::string_view in, bool& close);  // before authentication
  bool handle_local(const common::Request& req);
  bool refuse_binary(const common::ParseResult& parsed);
  void reply_now(std::string_view text);
  uint64_t open_slot();
  Slot& slot(uint64_t seq) { return slots_[seq - first_seq_]; }
  void finish_slot(Slot& s);
  /// Appends the ready slots at the head to the output (and flushes outside on_input).
  void emit();
  /// The same after `write_head` wrote the head slot's reply into the output (the reply is
  /// never stored in the slot: one copy less, and no allocation for it).
  void emit(common::function_ref<void(std::string& out)> write_head);
  void emit_after(const common::function_ref<void(std::string& out)>* write_head);
  void update_reading();
  void write_stats(std::string_view group);

  // Routing (proxy_session_route.cc).
  void route_keyed(const common::Request& req);
  void route_retrieval(const common::Request& req);
  /// `owners`: the node of each key, when the caller has them (else they are computed).
  void route_multi_get(const common::Request& req, std::size_t pool,
                       const std::vector<std::size_t>* owners = nullptr);
  void route_flush_all(const common::Request& req);
  void route_stats(bool reset);
  void reject_too_large(const common::Request& req, std::size_t pool, std::size_t node);
  bool owner(const common::Request& req, std::size_t& pool, std::size_t& node);
  Plan plan_for(common::Command command, uint32_t keys, std::size_t pool, std::size_t node);
  void send(std::size_t pool, std::size_t node, std::string_view wire,
            common::ResponseExpect expect, ReplyCallback done);
  void send_keyed(const Plan& plan, uint64_t seq, std::size_t pool, std::size_t node,
                  std::string_view wire, common::ResponseExpect expect);
  void on_reply(const Plan& plan, uint64_t seq, BackendResult&& result);
  void on_part(uint64_t seq, std::size_t part, const Plan& plan, BackendResult&& result);
  void on_fanout(uint64_t seq, const Plan& plan, BackendResult&& result);
  void on_node_stats(uint64_t seq, const Plan& plan, BackendResult&& result);
  void release_wait(uint64_t seq);
  void received(const Plan& plan, BackendStatus status);

  Worker& worker_;
  common::SessionControl& control_;
  std::size_t listener_;
  SessionLimits limits_;
  WorkerCounters& counters_;
  access::AccessGuard access_;

  common::Request request_;  // reused for every request
  common::Protocol protocol_ = common::Protocol::kText;
  bool protocol_known_ = false;
  std::size_t swallow_ = 0;
  std::string wire_;     // scratch: a request rewritten for a node
  std::string key_buf_;  // scratch: a decoded base64 key
  std::vector<std::size_t> owners_;  // scratch: the node of each key of a retrieval
  std::unique_ptr<MultiGet> spare_multi_;  // reused by the next multi-get (its buffers)
  static constexpr std::size_t kMaxSpareMultiBytes = 64u << 10;

  std::deque<Slot> slots_;
  uint64_t first_seq_ = 0;  // sequence number of slots_.front()
  std::size_t held_bytes_ = 0;
  std::size_t outstanding_ = 0;
  std::string* sink_ = nullptr;  // during on_input: its `out`
  bool paused_ = false;
  bool closed_ = false;
};

/// The SessionHandler the server owns, forwarding to a shared ProxySession.
std::unique_ptr<common::SessionHandler> make_proxy_handler(std::shared_ptr<ProxySession> session);

}  // namespace ringcache::proxy
