// UdpRequestHandler: one worker's share of the requests that arrive over UDP (-U).
//
// memcached keeps nothing from one datagram to the next: each is a standalone batch of
// requests whose protocol comes from its first byte (0x80: binary, as -B leaves it here).
// So every datagram gets a fresh NodeSession, fed one request at a time, because memcached
// 1.6 frames each response object as its own message (sequence from 0, its own count):
//  - one message per request; a silent one (noreply, a quiet binary or meta miss) none;
//  - a multi-key text get one message per key (see udp_get_split.h), of which an empty
//    one (a miss) is sent, as a bare header with count 0, only when it comes first;
//  - an incomplete request, and anything after it, is dropped without a reply;
//  - quit, or an error that would close a TCP connection, ends the datagram there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/net/udp_socket.h"
#include "common/protocol/request.h"
#include "common/protocol/text_parser.h"
#include "node/exec/node_context.h"

namespace ringcache::node {

class UdpRequestHandler final : public common::DatagramHandler {
 public:
  /// `stats` belongs to the worker whose loop calls this handler.
  UdpRequestHandler(NodeContext& context, WorkerStats& stats);

  void on_datagram(std::string_view datagram, common::UdpDatagrams& replies) override;

 private:
  void run(uint16_t request_id, std::string_view payload, common::UdpDatagrams& replies);
  void add_messages(uint16_t request_id, bool parsed, common::UdpDatagrams& replies);

  NodeContext& context_;
  WorkerStats& stats_;
  common::TextParserLimits limits_;
  common::Request request_;  // the request being run, parsed again to find where it ends
  std::string out_;          // its reply
  std::vector<std::string_view> messages_;
};

}  // namespace ringcache::node
