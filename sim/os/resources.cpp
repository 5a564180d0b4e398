#include "os/resources.hpp"

#include <sys/resource.h>
#include <sys/statvfs.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace harmsim::os {

namespace fs = std::filesystem;

namespace {

std::optional<std::uint64_t> read_number(const fs::path& path) {
  std::ifstream in(path);
  std::string word;
  if (!(in >> word) || word == "max") return std::nullopt;
  try {
    return std::stoull(word);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::uint64_t> mem_available() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit)
    if (key == "MemAvailable:") return kib * 1024;
  return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> cgroup_headroom(const fs::path& membership, const fs::path& hierarchy) {
  std::ifstream in(membership);
  std::string line, unified, memory;
  while (std::getline(in, line)) {
    const auto first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1), path = line.substr(second + 1);
    if (controllers.empty()) unified = path;
    std::stringstream list(controllers);
    for (std::string c; std::getline(list, c, ',');)
      if (c == "memory") memory = path;
  }
  // Usage counts the page cache, which the kernel reclaims before it refuses memory:
  // the working set leaves out the inactive file pages (as container runtimes do).
  const auto headroom = [](const fs::path& dir, const char* limit, const char* usage,
                           const char* inactive_file) -> std::optional<std::uint64_t> {
    const auto max = read_number(dir / limit), used = read_number(dir / usage);
    if (!max || !used || *max >= (std::uint64_t{1} << 62)) return std::nullopt;  // no limit set
    std::ifstream stat(dir / "memory.stat");
    std::string key;
    std::uint64_t value = 0, reclaimable = 0;
    while (stat >> key >> value)
      if (key == inactive_file) reclaimable = value;
    const std::uint64_t working = *used > reclaimable ? *used - reclaimable : 0;
    return *max > working ? *max - working : 0;
  };
  for (const fs::path& dir : {hierarchy / fs::path(unified).relative_path(), hierarchy})
    if (!unified.empty() && fs::exists(dir / "memory.max"))
      return headroom(dir, "memory.max", "memory.current", "inactive_file");
  const fs::path v1 = hierarchy / "memory";
  for (const fs::path& dir : {v1 / fs::path(memory).relative_path(), v1})
    if (!memory.empty() && fs::exists(dir / "memory.limit_in_bytes"))
      return headroom(dir, "memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file");
  return std::nullopt;
}

std::optional<Limit> memory_limit(std::uint64_t unreserved) {
  std::optional<Limit> tightest;
  const auto consider = [&](std::optional<std::uint64_t> bytes, const char* source) {
    if (bytes && (!tightest || *bytes < tightest->bytes)) tightest = Limit{*bytes, source};
  };
  consider(mem_available(), "the memory available (MemAvailable in /proc/meminfo)");
  consider(cgroup_headroom("/proc/self/cgroup", "/sys/fs/cgroup"),
           "the headroom under this process's cgroup memory limit");
  rlimit as{};
  if (::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY)
    consider(as.rlim_cur > unreserved ? as.rlim_cur - unreserved : 0, "the address-space limit (ulimit -v)");
  return tightest;
}

std::optional<std::uint64_t> disk_free(const fs::path& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  while (!p.empty() && !fs::exists(p, ec) && p != p.parent_path()) p = p.parent_path();
  struct statvfs s {};
  if (::statvfs(p.c_str(), &s) != 0) return std::nullopt;
  return static_cast<std::uint64_t>(s.f_bavail) * s.f_frsize;
}

std::string bytes_text(std::uint64_t bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1000 && u < 5) v /= 1000, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  return buf;
}

}  // namespace harmsim::os
