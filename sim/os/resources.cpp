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

namespace {

// The files of one cgroup version: its memory limit, its usage, and the key of the
// reclaimable inactive file cache in memory.stat.
struct CgroupFiles {
  const char* limit;
  const char* usage;
  const char* inactive_file;
};
constexpr CgroupFiles kV2{"memory.max", "memory.current", "inactive_file"};
constexpr CgroupFiles kV1{"memory.limit_in_bytes", "memory.usage_in_bytes", "total_inactive_file"};

// The limit of the cgroup at `dir` less its working set, if it sets a limit. Usage
// counts the page cache, which the kernel reclaims before it refuses memory; the
// working set leaves out the inactive file pages (as container runtimes do).
std::optional<std::uint64_t> headroom(const fs::path& dir, const CgroupFiles& files) {
  const auto max = read_number(dir / files.limit), used = read_number(dir / files.usage);
  if (!max || !used || *max >= (std::uint64_t{1} << 62)) return std::nullopt;  // no limit set
  std::ifstream stat(dir / "memory.stat");
  std::string key;
  std::uint64_t value = 0, reclaimable = 0;
  while (stat >> key >> value)
    if (key == files.inactive_file) reclaimable = value;
  const std::uint64_t working = *used > reclaimable ? *used - reclaimable : 0;
  return *max > working ? *max - working : 0;
}

// Every level from the cgroup `own` up to the root may set a limit; the tightest counts.
// Inside a container the hierarchy is mounted at the container's own cgroup, and `own`
// is not found below it: then the root is the container's cgroup.
std::optional<std::uint64_t> tightest(const fs::path& root, const std::string& own, const CgroupFiles& files) {
  std::error_code ec;
  fs::path dir = root / fs::path(own).relative_path();
  if (!fs::is_directory(dir, ec)) dir = root;
  std::optional<std::uint64_t> best;
  for (;; dir = dir.parent_path()) {
    const auto room = headroom(dir, files);
    if (room && (!best || *room < *best)) best = room;
    if (dir == root || !dir.has_relative_path()) return best;
  }
}

}  // namespace

std::optional<std::uint64_t> cgroup_headroom(const fs::path& membership, const fs::path& hierarchy) {
  // Lines "ID:CONTROLLERS:PATH"; v2's has no controllers.
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
  std::error_code ec;
  if (fs::exists(hierarchy / "cgroup.controllers", ec))  // v2: one unified hierarchy
    return unified.empty() ? std::nullopt : tightest(hierarchy, unified, kV2);
  if (!memory.empty() && fs::is_directory(hierarchy / "memory", ec))  // v1: the memory controller's own
    return tightest(hierarchy / "memory", memory, kV1);
  return std::nullopt;
}

std::optional<Limit> memory_limit() {
  std::optional<Limit> tightest;
  const auto consider = [&](std::optional<std::uint64_t> bytes, const char* source) {
    if (bytes && (!tightest || *bytes < tightest->bytes)) tightest = Limit{*bytes, source};
  };
  consider(mem_available(), "the memory available (MemAvailable in /proc/meminfo)");
  consider(cgroup_headroom("/proc/self/cgroup", "/sys/fs/cgroup"), "the headroom under this process's cgroup limit");
  return tightest;
}

namespace {
std::optional<Limit> resource_limit(int resource, const char* source) {
  rlimit limit{};
  if (::getrlimit(resource, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return std::nullopt;
  return Limit{limit.rlim_cur, source};
}
}  // namespace

std::optional<Limit> address_space_limit() {
  return resource_limit(RLIMIT_AS, "the address-space limit (ulimit -v)");
}

std::optional<Limit> file_size_limit() {
  return resource_limit(RLIMIT_FSIZE, "the file size limit (ulimit -f)");
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
