#include "common/config/json_reader.h"

#include <algorithm>

namespace ringcache::common {
namespace {

std::string format_number(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::string JsonReader::field(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out = path;
  return out.append(".").append(key);
}

std::string JsonReader::index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

void JsonReader::fail(std::string path, std::string message) {
  errors_.push_back({std::move(path), std::move(message)});
}

bool JsonReader::object(const Json& j, const std::string& path,
                        std::initializer_list<std::string_view> allowed) {
  if (!j.is_object()) {
    fail(path, "expected an object");
    return false;
  }
  for (const auto& [key, value] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      fail(field(path, key), "unknown key");
    }
  }
  return true;
}

const Json* JsonReader::find(const Json& obj, std::string_view key) {
  const auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

bool JsonReader::read_integer(const Json& obj, const std::string& path, std::string_view key,
                              uint64_t min, uint64_t max, uint64_t& out) {
  const Json* v = find(obj, key);
  if (v == nullptr) return false;
  if (!v->is_number_unsigned() || v->get<uint64_t>() < min || v->get<uint64_t>() > max) {
    fail(field(path, key),
         "expected an integer in " + std::to_string(min) + ".." + std::to_string(max));
    return false;
  }
  out = v->get<uint64_t>();
  return true;
}

void JsonReader::number(const Json& obj, const std::string& path, std::string_view key, double min,
                        double max, double& out) {
  const Json* v = find(obj, key);
  if (v == nullptr) return;
  if (!v->is_number() || v->get<double>() < min || v->get<double>() > max) {
    fail(field(path, key),
         "expected a number in " + format_number(min) + ".." + format_number(max));
    return;
  }
  out = v->get<double>();
}

void JsonReader::string(const Json& obj, const std::string& path, std::string_view key,
                        std::string& out) {
  const Json* v = find(obj, key);
  if (v == nullptr) return;
  if (!v->is_string() || v->get_ref<const std::string&>().empty()) {
    fail(field(path, key), "expected a non-empty string");
    return;
  }
  out = v->get<std::string>();
}

const Json* JsonReader::array(const Json& obj, const std::string& path, std::string_view key,
                              bool required) {
  const Json* v = find(obj, key);
  if (v == nullptr) {
    if (required) fail(field(path, key), "required");
    return nullptr;
  }
  if (!v->is_array() || v->empty()) {
    fail(field(path, key), "expected a non-empty array");
    return nullptr;
  }
  return v;
}

}  // namespace ringcache::common
