// A configuration file in the test's temporary directory, rewritten at will.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace ringcache::proxy::test {

class TempConfigFile {
 public:
  explicit TempConfigFile(const std::string& text) {
    static int counter = 0;
    path_ = ::testing::TempDir() + "ringcache_proxy_" + std::to_string(::getpid()) + "_" +
            std::to_string(counter++) + ".json";
    write(text);
  }
  ~TempConfigFile() { std::remove(path_.c_str()); }
  void write(const std::string& text) {
    std::ofstream out(path_, std::ios::trunc);
    out << text;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// A valid config: one listener on `port`, the given nodes ("host:port" JSON strings).
inline std::string config_json(int port, const std::string& nodes) {
  return R"({"listeners": [{"port": )" + std::to_string(port) +
         R"(}], "pools": [{"name": "main", "nodes": [)" + nodes + "]}]}";
}

}  // namespace ringcache::proxy::test
