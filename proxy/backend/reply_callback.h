// ReplyCallback: what a Backend calls once with a request's reply. A move-only callable that
// keeps what it captured inside the object: one is made for every request the proxy sends,
// and std::function put a session's captures (a shared_ptr, a plan, a slot number) on the
// heap each time. A callable bigger than kInlineSize still works, on the heap.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace ringcache::proxy {

struct BackendResult;

class ReplyCallback {
 public:
  static constexpr std::size_t kInlineSize = 56;

  ReplyCallback() noexcept = default;
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, ReplyCallback>>>
  ReplyCallback(F&& f) {  // NOLINT: implicit, as std::function's
    using Fn = std::decay_t<F>;
    if constexpr (sizeof(Fn) <= kInlineSize && alignof(Fn) <= alignof(std::max_align_t) &&
                  std::is_nothrow_move_constructible_v<Fn>) {
      ::new (static_cast<void*>(storage_)) Fn(std::forward<F>(f));
      ops_ = &kInlineOps<Fn>;
    } else {
      ::new (static_cast<void*>(storage_)) Fn*(new Fn(std::forward<F>(f)));
      ops_ = &kHeapOps<Fn>;
    }
  }
  ReplyCallback(ReplyCallback&& other) noexcept : ops_(std::exchange(other.ops_, nullptr)) {
    if (ops_ != nullptr) ops_->relocate(other.storage_, storage_);
  }
  ReplyCallback& operator=(ReplyCallback&& other) noexcept {
    if (this != &other) {
      reset();
      ops_ = std::exchange(other.ops_, nullptr);
      if (ops_ != nullptr) ops_->relocate(other.storage_, storage_);
    }
    return *this;
  }
  ReplyCallback& operator=(std::nullptr_t) noexcept {
    reset();
    return *this;
  }
  ReplyCallback(const ReplyCallback&) = delete;
  ReplyCallback& operator=(const ReplyCallback&) = delete;
  ~ReplyCallback() { reset(); }

  explicit operator bool() const noexcept { return ops_ != nullptr; }
  /// Calls the callable (which must be set).
  void operator()(BackendResult&& result) { ops_->invoke(storage_, std::move(result)); }

 private:
  struct Ops {
    void (*invoke)(void* self, BackendResult&& result);
    void (*relocate)(void* from, void* to) noexcept;  // move-constructs `to`, destroys `from`
    void (*destroy)(void* self) noexcept;
  };

  template <class Fn>
  static constexpr Ops kInlineOps = {
      [](void* self, BackendResult&& r) { (*static_cast<Fn*>(self))(std::move(r)); },
      [](void* from, void* to) noexcept {
        ::new (to) Fn(std::move(*static_cast<Fn*>(from)));
        static_cast<Fn*>(from)->~Fn();
      },
      [](void* self) noexcept { static_cast<Fn*>(self)->~Fn(); },
  };
  template <class Fn>
  static constexpr Ops kHeapOps = {
      [](void* self, BackendResult&& r) { (**static_cast<Fn**>(self))(std::move(r)); },
      [](void* from, void* to) noexcept { ::new (to) Fn*(*static_cast<Fn**>(from)); },
      [](void* self) noexcept { delete *static_cast<Fn**>(self); },
  };

  void reset() noexcept {
    if (ops_ != nullptr) std::exchange(ops_, nullptr)->destroy(storage_);
  }

  alignas(std::max_align_t) unsigned char storage_[kInlineSize];
  const Ops* ops_ = nullptr;
};

}  // namespace ringcache::proxy
