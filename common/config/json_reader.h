// Typed reads from a JSON document that record errors by JSON path instead of throwing,
// so one pass reports every problem in a config file. Internal to common/config.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/config/config_error.h"

namespace ringcache::common {

using Json = nlohmann::json;

class JsonReader {
 public:
  explicit JsonReader(std::vector<ConfigError>& errors) : errors_(errors) {}

  /// "a" + "b" -> "a.b"; "" + "b" -> "b".
  static std::string field(const std::string& path, std::string_view key);
  /// "a" + 2 -> "a[2]".
  static std::string index(const std::string& path, std::size_t i);

  void fail(std::string path, std::string message);

  /// True when `j` is an object; every key outside `allowed` is reported as unknown.
  bool object(const Json& j, const std::string& path,
              std::initializer_list<std::string_view> allowed);

  /// The member `key` of object `obj`, or nullptr when absent.
  static const Json* find(const Json& obj, std::string_view key);

  /// Reads an integer member in [min, max] into `out`; absent leaves the default.
  template <typename T>
  void integer(const Json& obj, const std::string& path, std::string_view key, uint64_t min,
               uint64_t max, T& out) {
    uint64_t v = 0;
    if (read_integer(obj, path, key, min, max, v)) out = static_cast<T>(v);
  }

  /// Reads a number member in [min, max].
  void number(const Json& obj, const std::string& path, std::string_view key, double min,
              double max, double& out);

  /// Reads a non-empty string member.
  void string(const Json& obj, const std::string& path, std::string_view key, std::string& out);

  /// Reads a string member that must be one of `choices`.
  template <typename E>
  void choice(const Json& obj, const std::string& path, std::string_view key,
              std::initializer_list<std::pair<std::string_view, E>> choices, E& out) {
    std::string text;
    const std::size_t before = errors_.size();
    string(obj, path, key, text);
    if (text.empty() || errors_.size() != before) return;
    for (const auto& [name, value] : choices) {
      if (text == name) {
        out = value;
        return;
      }
    }
    std::string expected = "expected one of";
    for (const auto& c : choices) expected.append(" \"").append(c.first).append("\"");
    fail(field(path, key), expected);
  }

  /// The member `key` when it is a non-empty array; reports it missing (when required),
  /// of the wrong type, or empty.
  const Json* array(const Json& obj, const std::string& path, std::string_view key, bool required);

 private:
  bool read_integer(const Json& obj, const std::string& path, std::string_view key, uint64_t min,
                    uint64_t max, uint64_t& out);

  std::vector<ConfigError>& errors_;
};

}  // namespace ringcache::common
