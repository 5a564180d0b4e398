#include "run/resources.hpp"

#include <algorithm>

#include "output/hdf5_writer.hpp"
#include "params/errors.hpp"

namespace harmsim {

namespace {

// Measured with 1,000 adults (peak resident set of the whole process, release build):
// code, libraries, TBB and HDF5 take about 18 MB before any agent exists.
constexpr std::uint64_t kProcessBase = 20'000'000;
// Address space mapped but never touched (library images), measured as VmPeak - VmHWM
// with one thread: about 21 MB.
constexpr std::uint64_t kUnreserved = 32'000'000;
// Each thread beyond the first maps a stack (8 MB by default) and, on its first
// allocation, a 64 MB glibc malloc arena: measured 37-135 MB of VmPeak per thread.
constexpr std::uint64_t kPerThread = 72'000'000;

constexpr const char* kLowerMemory =
    "Lower population.adults or run.years (or --threads, under an address-space limit), or free memory; "
    "--no-resource-check runs anyway.";
constexpr const char* kLowerDisk =
    "Lower run.replicates or run.years, free space, or write elsewhere with -o; --no-resource-check runs anyway.";

}  // namespace

ResourceNeed estimate_need(const std::vector<ArmResult>& arms, int threads) {
  ResourceNeed need{kProcessBase, 0, expected_file_bytes(arms)};
  // Arms run one after another: one replicate's agents and series at a time, and the
  // whole-run totals of every replicate kept for the summary.
  std::uint64_t replicate = 0;
  for (const auto& a : arms) {
    replicate = std::max(replicate, a.replicate_memory);
    need.memory += static_cast<std::uint64_t>(a.run.replicates) * (a.outcomes.size() * sizeof(double) + 64);
  }
  need.memory += replicate;
  need.address_space = need.memory + kUnreserved + static_cast<std::uint64_t>(std::max(threads, 1) - 1) * kPerThread;
  return need;
}

Room room_for(const std::filesystem::path& output) {
  return {os::memory_limit(), os::address_space_limit(), os::file_size_limit(), os::disk_free(output)};
}

std::string describe(const ResourceNeed& need, const Room& room) {
  std::string out = "memory about " + os::bytes_text(need.memory);
  if (room.memory) out += " (at most " + os::bytes_text(room.memory->bytes) + ": " + room.memory->source + ")";
  if (room.address_space)
    out += ", address space about " + os::bytes_text(need.address_space) + " (at most " +
           os::bytes_text(room.address_space->bytes) + ")";
  out += "; result file about " + os::bytes_text(need.disk);
  if (room.disk_free) out += " (" + os::bytes_text(*room.disk_free) + " free there)";
  return out;
}

void require_fit(const ResourceNeed& need, const Room& room) {
  const auto refuse = [](const char* what, std::uint64_t bytes, const os::Limit& limit, const char* fix) {
    return UsageError(std::string("this run needs about ") + os::bytes_text(bytes) + " " + what + ", but " +
                      os::bytes_text(limit.bytes) + " is the most there is: " + limit.source + ". " + fix);
  };
  if (room.memory && need.memory > room.memory->bytes)
    throw refuse("of memory", need.memory, *room.memory, kLowerMemory);
  if (room.address_space && need.address_space > room.address_space->bytes)
    throw refuse("of address space", need.address_space, *room.address_space, kLowerMemory);
  if (room.file_size && need.disk > room.file_size->bytes)
    throw refuse("for its result file", need.disk, *room.file_size, kLowerDisk);
  if (room.disk_free && need.disk > *room.disk_free)
    throw refuse("for its result file", need.disk, {*room.disk_free, "the free space where it goes"}, kLowerDisk);
}

}  // namespace harmsim
