// How much memory and disk this process may use, as the operating system says.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace harmsim::os {

struct Limit {
  std::uint64_t bytes = 0;
  std::string source;  // "MemAvailable in /proc/meminfo", "the address-space limit (ulimit -v)", ...
};

// The tightest bound on the memory this process may still use: the smallest of the
// memory the kernel counts as available (MemAvailable), the headroom under the memory
// limit of the process's cgroup (v2 or v1), and the address-space limit RLIMIT_AS less
// `unreserved`, the address space a process maps beyond what it touches (code and
// libraries). Nothing if none of them is known.
std::optional<Limit> memory_limit(std::uint64_t unreserved);

// The memory a process of a cgroup may still use: its limit less its working set (usage
// without the reclaimable inactive file cache). `membership` lists the process's
// cgroups (/proc/self/cgroup), `hierarchy` is where they are mounted (/sys/fs/cgroup):
// the v2 unified hierarchy, else v1's memory controller; inside a container, whose
// hierarchy is mounted at its own root, the root. Nothing if no limit is set.
std::optional<std::uint64_t> cgroup_headroom(const std::filesystem::path& membership,
                                             const std::filesystem::path& hierarchy);

// Bytes free to an unprivileged writer on the filesystem holding `path` (or its
// nearest existing ancestor).
std::optional<std::uint64_t> disk_free(const std::filesystem::path& path);

// "85 MB", "1.2 GB": a size for people.
std::string bytes_text(std::uint64_t bytes);

}  // namespace harmsim::os
