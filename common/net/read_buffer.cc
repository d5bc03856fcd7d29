#include "common/net/read_buffer.h"

#include <algorithm>
#include <cstring>

namespace ringcache::common {

BufferPool::BufferPool(std::size_t chunk_size, std::size_t max_kept)
    : chunk_size_(chunk_size), max_kept_(max_kept) {}

void ReadBuffer::reallocate(std::size_t new_cap, BufferPool& pool) {
  std::size_t n = size();
  auto fresh = new_cap == pool.chunk_size() ? pool.acquire()
                                            : std::make_unique_for_overwrite<char[]>(new_cap);
  if (n > 0) std::memcpy(fresh.get(), buf_.get() + begin_, n);
  if (buf_ && cap_ == pool.chunk_size()) pool.release(std::move(buf_));
  buf_ = std::move(fresh);
  cap_ = new_cap;
  begin_ = 0;
  end_ = n;
}

std::span<char> ReadBuffer::prepare_more(BufferPool& pool, std::size_t max_size) {
  if (begin_ == end_) begin_ = end_ = 0;
  // A short tail after consumed bytes: move the remainder (usually a partial request) down.
  if (begin_ > 0 && cap_ - end_ < cap_ / 4) {
    std::memmove(buf_.get(), buf_.get() + begin_, size());
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == cap_) {
    if (cap_ >= max_size) return {};
    reallocate(std::min(cap_ * 2, std::max(max_size, cap_)), pool);
  }
  return {buf_.get() + end_, cap_ - end_};
}

void ReadBuffer::shrink_other(BufferPool& pool) {
  if (!buf_) return;
  if (empty()) {
    if (cap_ == pool.chunk_size()) pool.release(std::move(buf_));
    buf_.reset();
    cap_ = begin_ = end_ = 0;
  } else if (cap_ > pool.chunk_size() && size() <= pool.chunk_size() / 2) {
    reallocate(pool.chunk_size(), pool);
  }
}

}  // namespace ringcache::common
