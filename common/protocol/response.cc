// Which reply each request gets from a node.
#include "common/protocol/response.h"

namespace ringcache::common {

std::optional<ResponseExpect> expect_for(Command command) {
  using C = Command;
  using E = ResponseExpect;
  switch (command) {
    case C::kGet:
    case C::kGets:
    case C::kGat:
    case C::kGats:
      return E::kValues;
    case C::kSet:
    case C::kAdd:
    case C::kReplace:
    case C::kAppend:
    case C::kPrepend:
    case C::kCas:
      return E::kStorage;
    case C::kDelete:
      return E::kDelete;
    case C::kIncr:
    case C::kDecr:
      return E::kArith;
    case C::kTouch:
      return E::kTouch;
    case C::kStats:
      return E::kStats;
    case C::kVersion:
      return E::kVersion;
    case C::kFlushAll:
      return E::kFlushAll;
    case C::kVerbosity:
      return E::kVerbosity;
    case C::kMetaGet:
      return E::kMetaGet;
    case C::kMetaSet:
      return E::kMetaSet;
    case C::kMetaDelete:
      return E::kMetaDelete;
    case C::kMetaArithmetic:
      return E::kMetaArith;
    case C::kMetaNoop:
      return E::kMetaNoop;
    case C::kMetaDebug:
      return E::kMetaDebug;
    default:
      return std::nullopt;
  }
}

}  // namespace ringcache::common
