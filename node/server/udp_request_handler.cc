#include "node/server/udp_request_handler.h"

#include <algorithm>

#include "common/net/udp_frame.h"
#include "common/protocol/request_parser.h"
#include "node/exec/node_session.h"
#include "node/server/udp_get_split.h"

namespace ringcache::node {
namespace {

using common::Command;

// The protocol NodeSession picks for a new session (-S and -Y cannot be combined with -U).
common::Protocol protocol_of(const Settings& s, std::string_view payload) {
  if (s.protocol == "binary") return common::Protocol::kBinary;
  if (s.protocol == "ascii") return common::Protocol::kText;
  return common::detect_protocol(payload);
}

bool is_text_get(const common::Request& r) {
  return r.protocol == common::Protocol::kText &&
         (r.command == Command::kGet || r.command == Command::kGets ||
          r.command == Command::kGat || r.command == Command::kGats);
}

}  // namespace

UdpRequestHandler::UdpRequestHandler(NodeContext& context, WorkerStats& stats)
    : context_(context), stats_(stats) {
  // The session's own limits, so that both parses agree on where a request ends.
  limits_.max_value = context.settings.item_size_max;
  limits_.item_overhead = common::kMemcachedItemHeader - (context.settings.use_cas ? 0 : 8);
}

void UdpRequestHandler::on_datagram(std::string_view datagram, common::UdpDatagrams& replies) {
  std::optional<common::UdpRequestFrame> frame = common::parse_udp_request(datagram);
  if (!frame) return;
  // memcached counts whole datagrams; the session counts the bytes inside them.
  stats_.bytes_read.add(common::kUdpHeaderSize);
  std::size_t before = replies.size();
  run(frame->header.request_id, frame->payload, replies);
  stats_.bytes_written.add(common::kUdpHeaderSize * (replies.size() - before));
}

void UdpRequestHandler::run(uint16_t request_id, std::string_view payload,
                            common::UdpDatagrams& replies) {
  NodeSession session(context_, stats_);
  const common::Protocol protocol = protocol_of(context_.settings, payload);
  while (!payload.empty()) {
    common::ParseResult res = common::parse_request(protocol, payload, request_, limits_);
    if (res.status == common::ParseStatus::kNeedMore) return;
    // A refused data block is swallowed with its request (as far as this datagram goes).
    std::size_t length = std::min(payload.size(), res.consumed + res.swallow);
    out_.clear();
    bool close = false;
    std::size_t used = session.on_input(payload.substr(0, length), out_, close);
    add_messages(request_id, res.status == common::ParseStatus::kOk, replies);
    if (close || used == 0) return;
    payload.remove_prefix(std::min(used, payload.size()));
  }
}

void UdpRequestHandler::add_messages(uint16_t request_id, bool parsed,
                                     common::UdpDatagrams& replies) {
  if (out_.empty()) return;
  if (parsed && is_text_get(request_) && split_get_reply(out_, request_.keys, messages_)) {
    // memcached sends a request's first response object even when it is empty (a bare
    // header), then skips empty ones: `get m1 m2 a m3` is "", "VALUE a ..." and "END".
    for (std::size_t i = 0; i < messages_.size(); ++i) {
      if (i == 0 || !messages_[i].empty()) replies.add_message(request_id, messages_[i]);
    }
    return;
  }
  replies.add_message(request_id, out_);
}

}  // namespace ringcache::node
