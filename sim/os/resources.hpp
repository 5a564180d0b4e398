// How much memory and disk this process may use, as the operating system says.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace harmsim::os {

struct Limit {
  std::uint64_t bytes = 0;
  std::string source;  // "the memory available (MemAvailable in /proc/meminfo)", ...
};

// The memory this process may still fill: the smaller of what the kernel counts as
// available (MemAvailable) and the headroom under the process's cgroup memory limit.
// Nothing if neither is known.
std::optional<Limit> memory_limit();

// The address-space limit (RLIMIT_AS, ulimit -v) and the file size limit (RLIMIT_FSIZE,
// ulimit -f), if set.
std::optional<Limit> address_space_limit();
std::optional<Limit> file_size_limit();

// The memory a process of a cgroup may still use: its limit less its working set (usage
// without the reclaimable inactive file cache). `membership` lists the process's
// cgroups (/proc/self/cgroup), `hierarchy` is where they are mounted (/sys/fs/cgroup):
// the v2 unified hierarchy, else v1's memory controller; inside a container, whose
// hierarchy is mounted at its own root, the root. Nothing if no limit is set.
std::optional<std::uint64_t> cgroup_headroom(const std::filesystem::path& membership,
                                             const std::filesystem::path& hierarchy);

// Bytes free to an unprivileged writer on the filesystem that holds, or would hold,
// `path` (its nearest existing ancestor).
std::optional<std::uint64_t> disk_free(const std::filesystem::path& path);

// "85 MB", "1.2 GB": a size for people.
std::string bytes_text(std::uint64_t bytes);

}  // namespace harmsim::os
