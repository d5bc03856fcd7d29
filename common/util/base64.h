// Base64 as memcached's meta protocol uses it for binary keys (flag `b`): standard
// alphabet with '=' padding on output; the decoder is as lenient as memcached's.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ringcache::common {

/// Appends the padded base64 encoding of `in` to `out`; returns the bytes appended.
std::size_t base64_encode(std::string_view in, std::string& out);

/// Decodes `in` into `out` (at most `capacity` bytes) with memcached's rules: bytes
/// outside the alphabet are skipped, the rest must come in groups of four, and decoding
/// stops after the first group that holds padding. Returns the decoded length; 0 means
/// failure (nothing to decode, a partial group, bad padding or too small a buffer).
std::size_t base64_decode(std::string_view in, char* out, std::size_t capacity);

/// The most bytes base64_decode can produce from `encoded_size` input bytes.
constexpr std::size_t base64_decoded_capacity(std::size_t encoded_size) {
  return encoded_size / 4 * 3;
}

}  // namespace ringcache::common
