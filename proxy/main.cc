// ringcache-proxy: reads the command line, loads and checks the configuration, and runs the
// proxy (proxy/server/proxy_server.h).
//
//   ringcache-proxy --config cluster-configs/NAME.json [--listen HOST:PORT[=ROLE]]...
//   ringcache-proxy --listen 127.0.0.1:22122 --nodes 127.0.0.1:11211,127.0.0.1:11212
//   ringcache-proxy --config FILE --check-config
//   ringcache-proxy --hash-password < password-file   (prints a hash for "users")
//
// Exit status: 0 (stopped, or --check-config found no problem), 1 (bad command line or
// configuration), 71 (EX_OSERR: cannot listen).
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <string>

#include "proxy/access/password_hash.h"
#include "proxy/config/config_loader.h"
#include "proxy/server/backend_hooks.h"
#include "proxy/server/cli_options.h"
#include "proxy/server/proxy_server.h"
#include "proxy/server/proxy_session.h"

namespace po = boost::program_options;
using ringcache::proxy::CliSettings;

namespace {

constexpr int kExitBad = 1;

po::options_description option_table() {
  po::options_description table("Options");
  table.add_options()("config,c", po::value<std::string>(),
                      "cluster configuration (JSON); reloaded on SIGHUP and when the file changes")(
      "listen,l", po::value<std::string>(),
      "HOST:PORT[=read-only|read-write|admin] to serve (repeatable; port 0 = any, printed); with "
      "--config it replaces the file's listeners")(
      "nodes,n", po::value<std::string>(),
      "HOST:PORT,... nodes of a single pool (quick start, without --config)")(
      "threads,t", po::value<std::string>(),
      "worker threads, each with its own node connections (default 1)")(
      "max-item-size,I", po::value<std::string>(),
      "largest value accepted, as memcached -I (default 1m)")(
      "max-client-pending", po::value<std::string>(),
      "replies owed to one client before the proxy stops reading it (default 1024)")(
      "max-connections", po::value<std::string>(), "client connections (default 0: no limit)")(
      "hash-password", po::bool_switch(),
      "read a password from standard input (one line), print its salted hash for the "
      "configuration's \"users\", exit")("check-config", po::bool_switch(),
      "validate the configuration, print problems with their JSON paths, exit 0/1")(
      "verbose,v", po::bool_switch(), "log more (repeat: -vv)")(
      "version,V", po::bool_switch(), "print the version")("help,h", po::bool_switch(),
                                                           "this help");
  return table;
}

void print_usage() {
  std::cout << "Usage: ringcache-proxy --config FILE [options]\n"
               "       ringcache-proxy --listen HOST:PORT --nodes HOST:PORT,HOST:PORT [options]\n\n"
            << option_table() << "\n";
}

// Options are read in order (not through a variables_map) so flags may repeat (-vv, --listen).
bool read_command_line(int argc, char** argv, CliSettings& settings) {
  try {
    po::parsed_options parsed = po::command_line_parser(argc, argv)
                                    .options(option_table())
                                    .style(po::command_line_style::unix_style)
                                    .run();
    for (const po::option& option : parsed.options) {
      if (option.position_key >= 0) {
        std::cerr << "ringcache-proxy: unexpected argument '" << option.value.front() << "'\n";
        return false;
      }
      const std::string value = option.value.empty() ? "" : option.value.front();
      std::string error = ringcache::proxy::apply_cli_option(option.string_key, value, settings);
      if (!error.empty()) {
        std::cerr << "ringcache-proxy: " << error << "\n";
        return false;
      }
    }
  } catch (const po::error& e) {
    std::cerr << "ringcache-proxy: " << e.what() << "\n";
    return false;
  }
  return true;
}

// --hash-password: the password is read from stdin so it stays out of `ps` and shell history.
int print_password_hash() {
  std::string password;
  if (!std::getline(std::cin, password) || password.empty()) {
    std::cerr << "ringcache-proxy: --hash-password reads the password from standard input\n";
    return kExitBad;
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  std::string error;
  const auto hash = ringcache::proxy::access::hash_password(password, error);
  if (!hash) {
    std::cerr << "ringcache-proxy: " << error << "\n";
    return kExitBad;
  }
  std::cout << *hash << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CliSettings settings;
  if (!read_command_line(argc, argv, settings)) return kExitBad;
  if (settings.help) {
    print_usage();
    return 0;
  }
  if (settings.hash_password) return print_password_hash();
  if (settings.version) {
    std::cout << "ringcache-proxy " << ringcache::proxy::kProxyVersion << "\n";
    return 0;
  }
  if (std::string error = ringcache::proxy::check_cli(settings); !error.empty()) {
    std::cerr << "ringcache-proxy: " << error << " (see --help)\n";
    return kExitBad;
  }
  ringcache::proxy::LoadResult loaded = ringcache::proxy::load_config(settings.options.source);
  const std::string& name =
      settings.options.source.path.empty() ? "command line" : settings.options.source.path;
  for (const std::string& e : loaded.errors) std::cerr << name << ": " << e << "\n";
  if (!loaded.ok()) return kExitBad;
  if (settings.check_config) {
    std::cout << name << ": OK (" << loaded.config.pools.size() << " pools, "
              << loaded.config.listeners.size() << " listeners)\n";
    return 0;
  }
  auto hooks = ringcache::proxy::make_backend_hooks(loaded.config);
  return ringcache::proxy::run_proxy(settings.options, std::move(loaded.config), std::move(hooks));
}
