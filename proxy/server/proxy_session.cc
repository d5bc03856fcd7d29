#include "proxy/server/proxy_session.h"

#include <algorithm>

#include "common/protocol/binary_writer.h"
#include "common/protocol/request_parser.h"
#include "common/protocol/text_writer.h"
#include "proxy/server/stats_report.h"

namespace ringcache::proxy {

using common::Command;
using common::ParseStatus;
namespace text = common::text;

ProxySession::ProxySession(Worker& worker, common::SessionControl& control, std::size_t listener,
                           const SessionLimits& limits)
    : worker_(worker),
      control_(control),
      listener_(listener),
      limits_(limits),
      counters_(worker.counters()),
      access_(worker.shared().access, listener, control.peer_address()) {}

std::size_t ProxySession::on_input(std::string_view in, std::string& out, bool& close) {
  sink_ = &out;
  std::size_t pos = 0;
  while (pos < in.size()) {
    if (swallow_ > 0) {  // a refused data block may span many reads
      const std::size_t n = std::min(swallow_, in.size() - pos);
      swallow_ -= n;
      pos += n;
      continue;
    }
    if (paused_) break;
    if (access_.awaiting_auth(worker_.tree()->config(), worker_.tree()->generation())) {
      const std::size_t used = handle_auth(in.substr(pos), close);
      pos += used;
      if (used == 0 || close) break;
      continue;
    }
    if (!protocol_known_) {  // memcached fixes the protocol from a connection's first byte
      protocol_ = common::detect_protocol(in.substr(pos));
      protocol_known_ = true;
    }
    common::ParseResult parsed =
        common::parse_request(protocol_, in.substr(pos), request_, limits_.parser);
    if (parsed.status == ParseStatus::kNeedMore) break;
    pos += parsed.consumed;
    swallow_ = parsed.swallow;
    if (!handle(parsed)) {
      close = true;
      break;
    }
    update_reading();
  }
  counters_[Stat::kBytesRead].add(pos);
  emit();
  sink_ = nullptr;
  return pos;
}

void ProxySession::on_close() {
  closed_ = true;
  slots_.clear();  // late backend replies find closed_ and only count
  held_bytes_ = 0;
}

bool ProxySession::handle(const common::ParseResult& parsed) {
  if (protocol_ == common::Protocol::kBinary) return refuse_binary(parsed);
  if (parsed.status == ParseStatus::kBad) {
    if (!parsed.error.empty()) {
      std::string line(parsed.error);
      line.append("\r\n");
      reply_now(line);
    }
    return !parsed.close;
  }
  if (!handle_access()) return true;
  return handle_local(request_);
}

// The access policy's hook: false when the request was answered (denied, or an auth set).
bool ProxySession::handle_access() {
  const RouteTree& tree = *worker_.tree();
  const auto outcome = access_.check(tree.config(), tree.generation(), request_);
  switch (outcome.action) {
    case access::AccessGuard::Action::kRun:
      return true;
    case access::AccessGuard::Action::kRunTrimmed:
      route_multi_get(request_, tree.listener_pool(listener_));
      return false;
    case access::AccessGuard::Action::kReply:
      if (!outcome.reply.empty()) reply_now(outcome.reply);
      return false;
  }
  return true;
}

// A listener that requires authentication: memcached -Y's exchange until it succeeds.
std::size_t ProxySession::handle_auth(std::string_view in, bool& close) {
  const access::AuthRequest r = access_.authenticate(worker_.tree()->config(), in);
  if (!r.reply.empty()) reply_now(r.reply);
  close = r.close;
  return r.consumed;
}

// The front end does not serve the binary protocol. A binary client still gets packets it
// can frame: memcached's "Unknown command" error for each request (or the parser's status
// for a broken one), never text. Quit and a bad magic byte close, as on a node.
bool ProxySession::refuse_binary(const common::ParseResult& parsed) {
  namespace binary = common::binary;
  if (parsed.status == ParseStatus::kBad && parsed.binary_status == 0) return !parsed.close;
  const bool ok = parsed.status == ParseStatus::kOk;
  if (ok && request_.command == Command::kQuit) return false;
  const auto status = ok ? binary::Status::kUnknownCommand
                         : static_cast<binary::Status>(parsed.binary_status);
  std::string packet;
  binary::append_error(packet, request_.opcode, request_.opaque, status);
  reply_now(packet);
  return !parsed.close;
}

bool ProxySession::handle_local(const common::Request& req) {
  switch (req.command) {
    case Command::kGet:
    case Command::kGets:
    case Command::kGat:
    case Command::kGats:
      route_retrieval(req);
      return true;
    case Command::kSet:
    case Command::kAdd:
    case Command::kReplace:
    case Command::kAppend:
    case Command::kPrepend:
    case Command::kCas:
    case Command::kDelete:
    case Command::kIncr:
    case Command::kDecr:
    case Command::kTouch:
    case Command::kMetaGet:
    case Command::kMetaSet:
    case Command::kMetaDelete:
    case Command::kMetaArithmetic:
    case Command::kMetaDebug:
      route_keyed(req);
      return true;
    case Command::kFlushAll:
      route_flush_all(req);
      return true;
    case Command::kMetaNoop:
      reply_now("MN\r\n");
      return true;
    case Command::kVersion: {
      std::string line;
      text::append_version(line, kProxyVersion);
      reply_now(line);
      return true;
    }
    case Command::kVerbosity:
      if (!req.noreply) reply_now(text::kOk);
      return true;
    case Command::kStats:
      write_stats(req.arg);
      return true;
    case Command::kQuit:
      return false;
    default:  // shutdown (not on a proxy), binary-only commands
      reply_now(text::kError);
      return true;
  }
}

void ProxySession::write_stats(std::string_view group) {
  if (group.empty() || group == "reset") {  // the nodes' counters are part of the answer
    route_stats(!group.empty());
    return;
  }
  const RouteTree& tree = *worker_.tree();
  ProxyShared& shared = worker_.shared();
  std::string out;
  if (group == "proxy") {
    write_proxy_stats(shared, tree, out);
  } else if (group == "settings") {
    write_settings_stats(tree, shared.counters.size(), out);
  } else if (group == "items" || group == "slabs" || group == "sizes" || group == "conns") {
    out = text::kEnd;  // a proxy stores nothing: empty, as a fresh memcached reports them
  } else {
    out = text::kError;
  }
  reply_now(out);
}

void ProxySession::reply_now(std::string_view reply) {
  if (slots_.empty()) {  // nothing owed before it: straight to the output
    std::string& out = sink_ != nullptr ? *sink_ : control_.output();
    out.append(reply);
    counters_[Stat::kBytesWritten].add(reply.size());
    return;
  }
  Slot& s = slot(open_slot());
  s.reply.assign(reply);
  finish_slot(s);
}

uint64_t ProxySession::open_slot() {
  slots_.emplace_back();
  return first_seq_ + slots_.size() - 1;
}

void ProxySession::finish_slot(Slot& s) {
  s.ready = true;
  held_bytes_ += s.reply.size();
}

void ProxySession::emit() { emit_after(nullptr); }

void ProxySession::emit(common::function_ref<void(std::string& out)> write_head) {
  emit_after(&write_head);
}

void ProxySession::emit_after(const common::function_ref<void(std::string& out)>* write_head) {
  if (closed_) return;
  std::string& out = sink_ != nullptr ? *sink_ : control_.output();
  const std::size_t before = out.size();
  if (write_head != nullptr) {  // the head slot's reply, never stored in the slot
    (*write_head)(out);
    slots_.pop_front();
    ++first_seq_;
  }
  while (!slots_.empty() && slots_.front().ready) {
    Slot& s = slots_.front();
    out.append(s.reply);
    held_bytes_ -= s.reply.size();
    slots_.pop_front();
    ++first_seq_;
  }
  const std::size_t added = out.size() - before;
  counters_[Stat::kBytesWritten].add(added);
  if (sink_ == nullptr && added > 0) control_.flush();
}

void ProxySession::update_reading() {
  if (closed_) return;
  const std::size_t pending = std::max(slots_.size(), outstanding_);
  if (!paused_ && (pending >= limits_.max_pending || held_bytes_ >= limits_.max_held_bytes)) {
    paused_ = true;
    control_.pause_reading();
  } else if (paused_ && pending < limits_.max_pending / 2 &&
             held_bytes_ < limits_.max_held_bytes / 2) {
    paused_ = false;
    control_.resume_reading();
  }
}

namespace {

// The connection owns the handler; backend callbacks share the session.
class ProxyHandler final : public common::SessionHandler {
 public:
  explicit ProxyHandler(std::shared_ptr<ProxySession> session) : session_(std::move(session)) {}
  std::size_t on_input(std::string_view in, std::string& out, bool& close) override {
    return session_->on_input(in, out, close);
  }
  void on_close() override { session_->on_close(); }
  bool busy() const override { return session_->busy(); }

 private:
  std::shared_ptr<ProxySession> session_;
};

}  // namespace

std::unique_ptr<common::SessionHandler> make_proxy_handler(std::shared_ptr<ProxySession> session) {
  return std::make_unique<ProxyHandler>(std::move(session));
}

}  // namespace ringcache::proxy
