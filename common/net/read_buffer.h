// ReadBuffer: a connection's unconsumed input. Storage comes from the loop's BufferPool of
// standard chunks (16 KiB) and goes back to it whenever the buffer is empty, so idle
// connections hold no read memory; a request bigger than a chunk grows the buffer by
// doubling up to a cap, and it shrinks back once the big request is consumed.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace ringcache::common {

/// Free standard-size chunks kept by one loop (one thread).
class BufferPool {
 public:
  explicit BufferPool(std::size_t chunk_size = 16u << 10, std::size_t max_kept = 64);
  // Inline: a connection takes a chunk for every read and gives it back once the input is
  // handled, so these run twice per request.
  std::unique_ptr<char[]> acquire() {
    if (free_.empty()) return std::make_unique_for_overwrite<char[]>(chunk_size_);
    auto chunk = std::move(free_.back());
    free_.pop_back();
    return chunk;
  }
  void release(std::unique_ptr<char[]> chunk) {
    if (free_.size() < max_kept_) free_.push_back(std::move(chunk));
  }
  std::size_t chunk_size() const { return chunk_size_; }
  std::size_t kept() const { return free_.size(); }

 private:
  std::size_t chunk_size_;
  std::size_t max_kept_;
  std::vector<std::unique_ptr<char[]>> free_;
};

class ReadBuffer {
 public:
  std::string_view data() const { return {buf_.get() + begin_, end_ - begin_}; }
  std::size_t size() const { return end_ - begin_; }
  bool empty() const { return begin_ == end_; }
  std::size_t capacity() const { return cap_; }

  /// Drops the first n bytes (n <= size()).
  void consume(std::size_t n) { begin_ += n; }
  void clear() { begin_ = end_ = 0; }
  /// Space to read into: at least one byte unless the buffer is full at max_size (then empty).
  std::span<char> prepare(BufferPool& pool, std::size_t max_size) {
    if (!buf_) {  // the usual case: an idle connection starts a read
      buf_ = pool.acquire();
      cap_ = pool.chunk_size();
      begin_ = end_ = 0;
      return {buf_.get(), cap_};
    }
    return prepare_more(pool, max_size);
  }
  /// Marks n bytes of the prepared space as filled.
  void commit(std::size_t n) { end_ += n; }
  /// Returns storage to the pool when empty; moves a small remainder out of a grown buffer.
  void shrink(BufferPool& pool) {
    if (buf_ && empty() && cap_ == pool.chunk_size()) {  // the usual case: all input handled
      pool.release(std::move(buf_));
      cap_ = begin_ = end_ = 0;
      return;
    }
    shrink_other(pool);
  }

 private:
  std::span<char> prepare_more(BufferPool& pool, std::size_t max_size);
  void shrink_other(BufferPool& pool);
  void reallocate(std::size_t new_cap, BufferPool& pool);

  std::unique_ptr<char[]> buf_;
  std::size_t cap_ = 0;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

}  // namespace ringcache::common
