// The key a meta request is routed by: with the b flag the key travels base64-encoded, and
// the node stores (and the ring must hash) the decoded bytes, so `mg Zm9v b` and `get foo`
// reach the same node.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/protocol/request.h"

namespace ringcache::proxy {

/// Standard base64 (with padding) to bytes; nullopt when malformed.
std::optional<std::string_view> decode_base64(std::string_view in, std::string& scratch);

/// The bytes to hash for `req`: its key, decoded when the meta b flag is set (using
/// `scratch`). nullopt: a malformed base64 key (memcached: "CLIENT_ERROR error decoding key").
std::optional<std::string_view> routing_key(const common::Request& req, std::string& scratch);

}  // namespace ringcache::proxy
