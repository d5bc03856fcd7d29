#include "common/protocol/binary_parser.h"

#include "common/protocol/binary_format.h"

namespace ringcache::common {

namespace {

using binary::Opcode;
using binary::RequestHeader;
using binary::Status;

struct OpcodeInfo {
  Command command = Command::kNone;
  bool quiet = false;
  bool return_key = false;
};

// memcached folds each quiet opcode onto its loud one before dispatching.
OpcodeInfo classify(uint8_t opcode) {
  switch (static_cast<Opcode>(opcode)) {
    case Opcode::kGet: return {Command::kGet};
    case Opcode::kGetQ: return {Command::kGet, true};
    case Opcode::kGetK: return {Command::kGet, false, true};
    case Opcode::kGetKQ: return {Command::kGet, true, true};
    case Opcode::kGat: return {Command::kGat};
    case Opcode::kGatQ: return {Command::kGat, true};
    case Opcode::kGatK: return {Command::kGat, false, true};
    case Opcode::kGatKQ: return {Command::kGat, true, true};
    case Opcode::kTouch: return {Command::kTouch};
    case Opcode::kSet: return {Command::kSet};
    case Opcode::kSetQ: return {Command::kSet, true};
    case Opcode::kAdd: return {Command::kAdd};
    case Opcode::kAddQ: return {Command::kAdd, true};
    case Opcode::kReplace: return {Command::kReplace};
    case Opcode::kReplaceQ: return {Command::kReplace, true};
    case Opcode::kAppend: return {Command::kAppend};
    case Opcode::kAppendQ: return {Command::kAppend, true};
    case Opcode::kPrepend: return {Command::kPrepend};
    case Opcode::kPrependQ: return {Command::kPrepend, true};
    case Opcode::kDelete: return {Command::kDelete};
    case Opcode::kDeleteQ: return {Command::kDelete, true};
    case Opcode::kIncrement: return {Command::kIncr};
    case Opcode::kIncrementQ: return {Command::kIncr, true};
    case Opcode::kDecrement: return {Command::kDecr};
    case Opcode::kDecrementQ: return {Command::kDecr, true};
    case Opcode::kQuit: return {Command::kQuit};
    case Opcode::kQuitQ: return {Command::kQuit, true};
    case Opcode::kFlush: return {Command::kFlushAll};
    case Opcode::kFlushQ: return {Command::kFlushAll, true};
    case Opcode::kNoop: return {Command::kNoop};
    case Opcode::kVersion: return {Command::kVersion};
    case Opcode::kStat: return {Command::kStats};
    case Opcode::kSaslListMechs: return {Command::kSaslListMechs};
    case Opcode::kSaslAuth: return {Command::kSaslAuth};
    case Opcode::kSaslStep: return {Command::kSaslStep};
    default: return {};  // memcached 1.6 has no verbosity handler either
  }
}

// The extras/key/body shapes memcached's dispatch_bin_command accepts per command.
bool shape_ok(Command command, const RequestHeader& h) {
  const uint32_t ext = h.extras_length, key = h.key_length, body = h.body_length;
  switch (command) {
    case Command::kVersion: case Command::kNoop: case Command::kQuit:
    case Command::kSaslListMechs:
      return ext == 0 && key == 0 && body == 0;
    case Command::kFlushAll: return key == 0 && body == ext && (ext == 0 || ext == 4);
    case Command::kSet: case Command::kAdd: case Command::kReplace:
      return ext == 8 && key != 0 && body >= key + 8;
    case Command::kGet: return ext == 0 && body == key && key > 0;
    case Command::kDelete: return key > 0 && ext == 0 && body == key;
    case Command::kIncr: case Command::kDecr: return key > 0 && ext == 20 && body == key + 20;
    case Command::kAppend: case Command::kPrepend: return key > 0 && ext == 0;
    case Command::kStats: return ext == 0;
    case Command::kSaslAuth: case Command::kSaslStep: return ext == 0 && key != 0;
    case Command::kTouch: case Command::kGat: return ext == 4 && key != 0;
    default: return false;
  }
}

bool carries_value(Command command) {
  switch (command) {
    case Command::kSet: case Command::kAdd: case Command::kReplace: case Command::kAppend:
    case Command::kPrepend: case Command::kSaslAuth: case Command::kSaslStep:
      return true;
    default:
      return false;
  }
}

ParseResult bad(Status status, std::size_t consumed, bool close, std::size_t swallow = 0) {
  ParseResult r;
  r.status = ParseStatus::kBad;
  r.consumed = consumed;
  r.close = close;
  r.swallow = swallow;
  r.binary_status = static_cast<uint16_t>(status);
  r.error = binary::status_text(status);
  return r;
}

ParseResult ok(std::string_view in, std::size_t consumed, Request& out) {
  ParseResult r;
  r.status = ParseStatus::kOk;
  r.consumed = consumed;
  out.raw = in.substr(0, consumed);
  return r;
}

// Reads the extras of a request whose shape has been checked.
void read_extras(const char* ext, Request& out) {
  switch (out.command) {
    case Command::kSet: case Command::kAdd: case Command::kReplace:
      out.flags = binary::load_be32(ext);
      out.exptime = binary::load_be32(ext + 4);
      break;
    case Command::kIncr: case Command::kDecr:
      out.delta = binary::load_be64(ext);
      out.initial = binary::load_be64(ext + 8);
      out.exptime = binary::load_be32(ext + 16);
      break;
    case Command::kTouch: case Command::kGat:
      out.exptime = binary::load_be32(ext);
      break;
    default:
      break;
  }
}

// set/add/replace/append/prepend/SASL: the value follows the key. One that can never be
// stored is refused before it arrives and swallowed (memcached: E2BIG + conn_swallow).
ParseResult parse_value(std::string_view in, const RequestHeader& h, std::size_t head,
                        Request& out, const TextParserLimits& limits) {
  const std::size_t vlen = h.body_length - h.key_length - h.extras_length;
  if (exceeds_item_size(limits, h.key_length, out.flags, vlen)) {
    out.too_large = true;
    ParseResult r = ok(in, head, out);
    r.swallow = vlen;
    return r;
  }
  if (in.size() - head < vlen) return ParseResult{};
  out.value = in.substr(head, vlen);
  return ok(in, head + vlen, out);
}

}  // namespace

ParseResult parse_binary_request(std::string_view in, Request& out,
                                 const TextParserLimits& limits) {
  out.clear();
  out.protocol = Protocol::kBinary;
  if (in.size() < binary::kHeaderSize) return ParseResult{};
  const RequestHeader h = binary::decode_request_header(in.data());
  out.opcode = h.opcode;
  out.opaque = h.opaque;
  out.cas = h.cas;
  if (h.magic != binary::kRequestMagic) {
    ParseResult r = bad(Status::kSuccess, in.size(), true);
    r.binary_status = 0;
    r.error = {};
    return r;
  }
  const std::size_t head = binary::kHeaderSize + h.extras_length + h.key_length;
  if (in.size() < head) return ParseResult{};
  if (h.key_length > h.body_length || uint32_t{h.key_length} + h.extras_length > h.body_length) {
    return bad(Status::kUnknownCommand, head, true);
  }
  if (h.key_length > binary::kMaxKeyLength) return bad(Status::kInvalidArguments, head, true);
  const OpcodeInfo info = classify(h.opcode);
  if (info.command == Command::kNone) {
    // memcached swallows body_length more bytes here, past the packet's end; the rest of
    // this packet is what a client sent, so only that is skipped.
    return bad(Status::kUnknownCommand, head, false,
               h.body_length - h.extras_length - h.key_length);
  }
  out.command = info.command;
  if (!shape_ok(info.command, h)) return bad(Status::kInvalidArguments, head, true);
  out.noreply = info.quiet;
  out.return_key = info.return_key;
  const char* ext = in.data() + binary::kHeaderSize;
  out.key = std::string_view(ext + h.extras_length, h.key_length);
  if (!out.key.empty()) out.keys.push_back(out.key);
  read_extras(ext, out);
  if (info.command == Command::kFlushAll && h.extras_length == 4) {
    out.exptime = binary::load_be32(ext);
  }
  if (info.command == Command::kStats) out.arg = out.key;
  if (carries_value(info.command)) return parse_value(in, h, head, out, limits);
  return ok(in, head, out);
}

}  // namespace ringcache::common
