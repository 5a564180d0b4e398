// What a run will need, set against what this machine allows. Checked before anything
// runs, so a run that cannot fit is refused at once (exit 2, with the estimate) rather
// than failing hours later; --no-resource-check runs it anyway.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/arm_result.hpp"
#include "os/resources.hpp"

namespace harmsim {

struct ResourceNeed {
  std::uint64_t memory = 0;         // peak resident memory, bytes
  std::uint64_t address_space = 0;  // peak address space mapped, bytes (for ulimit -v)
  std::uint64_t disk = 0;           // size of the result file, bytes
};

// For `arms` as described before they run (describe_arm), on `threads` threads.
ResourceNeed estimate_need(const std::vector<ArmResult>& arms, int threads);

// What this machine offers a run whose result file goes to `output` (a destination
// with symbolic links followed; its folder may not exist yet).
struct Room {
  std::optional<os::Limit> memory, address_space, file_size;
  std::optional<std::uint64_t> disk_free;
};
Room room_for(const std::filesystem::path& output);

// The need and the room, in one line.
std::string describe(const ResourceNeed& need, const Room& room);

// Throws UsageError naming the need, the limit and what to lower, if the run does not fit.
void require_fit(const ResourceNeed& need, const Room& room);

}  // namespace harmsim
