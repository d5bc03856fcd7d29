#include "tests/integration/reply_pattern.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>

namespace ringcache::integration {

std::optional<std::vector<long long>> match_pattern(std::string_view got,
                                                    std::string_view pattern) {
  std::vector<long long> numbers;
  std::size_t g = 0;
  for (char p : pattern) {
    if (p != '#') {
      if (g >= got.size() || got[g] != p) return std::nullopt;
      ++g;
      continue;
    }
    const std::size_t start = g;
    if (g < got.size() && got[g] == '-') ++g;
    const std::size_t digits = g;
    while (g < got.size() && std::isdigit(static_cast<unsigned char>(got[g]))) ++g;
    if (g == digits || g - digits > 19) return std::nullopt;
    numbers.push_back(std::strtoll(std::string(got.substr(start, g - start)).c_str(), nullptr, 10));
  }
  if (g != got.size()) return std::nullopt;
  return numbers;
}

std::optional<std::vector<long long>> call_like(TestClient& client, std::string_view request,
                                                std::string_view pattern) {
  std::string got;
  if (!client.send(request)) {
    ADD_FAILURE() << "send failed: " << client.error();
    return std::nullopt;
  }
  for (std::size_t pos = pattern.find("\r\n"); pos != std::string_view::npos;
       pos = pattern.find("\r\n", pos + 2)) {
    const std::string line = client.read_line();
    got += line;
    if (line.size() < 2 || line.compare(line.size() - 2, 2, "\r\n") != 0) break;
  }
  auto numbers = match_pattern(got, pattern);
  if (!numbers) {
    ADD_FAILURE() << "request: " << escape(request) << "\n     got: " << escape(got)
                  << "\n    want: " << escape(pattern);
  }
  return numbers;
}

}  // namespace ringcache::integration
