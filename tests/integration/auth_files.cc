#include "tests/integration/auth_files.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "tests/integration/run_command.h"

namespace ringcache::integration {
namespace {

constexpr const char* kSaslPasswd = "/usr/sbin/saslpasswd2";

bool write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::trunc);
  out << content;
  return static_cast<bool>(out.flush());
}

// Shell single-quoting, for the saslpasswd2 pipeline.
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

}  // namespace

AuthFiles::AuthFiles(Users users) : users_(std::move(users)) {
  char tmpl[] = "/tmp/ringcache-auth-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) {
    error_ = "mkdtemp failed";
    return;
  }
  dir_ = tmpl;
  std::string lines;
  for (const auto& [user, password] : users_) lines += user + ":" + password + "\n";
  if (write_file(dir_ + "/passwords", lines)) {
    password_file_ = dir_ + "/passwords";
  } else {
    error_ = "cannot write " + dir_ + "/passwords";
  }
}

AuthFiles::~AuthFiles() {
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

std::optional<SaslLaunch> AuthFiles::sasl(const ServerSpec& base) {
  if (password_file_.empty()) return std::nullopt;
  SaslLaunch launch{base, {"-S"}};
  if (base.name != "memcached") {
    launch.args.push_back("-o");
    launch.args.push_back("sasl_pwdb=" + password_file_);
    return launch;
  }
  if (!write_sasldb()) return std::nullopt;
  launch.spec.env.push_back("SASL_CONF_PATH=" + dir_);
  return launch;
}

bool AuthFiles::write_sasldb() {
  if (!binary_exists(kSaslPasswd)) {
    error_ = std::string(kSaslPasswd) + " is not installed (Debian package sasl2-bin)";
    return false;
  }
  const std::string db = dir_ + "/sasldb";
  for (const auto& [user, password] : users_) {
    const std::string cmd = "printf %s " + quoted(password) + " | " + kSaslPasswd +
                            " -p -a memcached -c -f " + quoted(db) + " " + quoted(user);
    CommandResult r = run_command({"/bin/sh", "-c", cmd}, std::chrono::seconds(10));
    if (r.exit_code != 0) {
      error_ = "saslpasswd2 failed: " + r.output;
      return false;
    }
  }
  // Only PLAIN: what ringcache offers, so both servers list the same mechanisms.
  if (!write_file(dir_ + "/memcached.conf", "mech_list: plain\nsasldb_path: " + db + "\n")) {
    error_ = "cannot write memcached.conf";
    return false;
  }
  return true;
}

}  // namespace ringcache::integration
