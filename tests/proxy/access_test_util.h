// Shared by the access tests: configurations with access policies, from JSON.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "common/config/cluster_config.h"

namespace ringcache::proxy::access::test {

/// openssl passwd -6 -salt ringcachetest s3cret (sha512-crypt: fast enough for tests).
inline constexpr const char* kAppHash =
    "$6$ringcachetest$6S1sAxFdX5DN6.wLmBOnmuLRjom96t8TjwN7BbsIxxMiWdbSnfYN2AX3DPeMRFWZZvC9LhX5NxU7c5uwNrtGA1";
/// openssl passwd -6 -salt opssalt0 ops-pass
inline constexpr const char* kOpsHash =
    "$6$opssalt0$wbHZedpQvCnXNgrj..d1SG4BoepngYpuDxMFBj8vRZsHxCusDocehKpVCMwFZ1i48sL5C8NO/okttnDVpn7jv0";

/// A document with one pool and the given listeners; users "app" (read-write, scope app:)
/// and "ops" (admin).
inline common::ClusterConfig access_config(const std::string& listeners) {
  const std::string json = R"({"pools": [{"nodes": ["127.0.0.1:11211"]}], "listeners": [)" +
                           listeners + R"(], "users": [
      {"name": "app", "password_hash": ")" + std::string(kAppHash) +
                           R"(", "role": "read-write", "scope": ["app:"]},
      {"name": "ops", "password_hash": ")" + std::string(kOpsHash) +
                           R"(", "role": "admin"}]})";
  common::ConfigParseResult r = common::parse_cluster_config(json);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.errors.front().to_string());
  return r.config;
}

}  // namespace ringcache::proxy::access::test
