// Keeps a library target valid while a module has no sources of its own yet.
namespace ringcache {}
