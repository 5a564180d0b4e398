#include "cli/resources.hpp"

#include <algorithm>

#include "os/resources.hpp"
#include "output/hdf5_writer.hpp"
#include "params/errors.hpp"
#include "params/text.hpp"

namespace harmsim::cli {

namespace {

// Measured with 1,000 adults (peak resident set of the whole process, release build):
// code, libraries, TBB and HDF5 take about 18 MB before any agent exists.
constexpr std::uint64_t kProcessBase = 20'000'000;
// Address space mapped but never touched (library images, thread stacks), for the
// address-space limit: measured VmPeak - VmHWM with one thread, about 21 MB.
constexpr std::uint64_t kUnreserved = 32'000'000;

constexpr const char* kLowerMemory =
    "Lower population.adults or run.years, or free memory; --no-resource-check runs anyway.";
constexpr const char* kLowerDisk =
    "Lower run.replicates or run.years, free space, or write elsewhere with -o; --no-resource-check runs anyway.";

}  // namespace

ResourceNeed estimate_need(const std::vector<ArmResult>& arms) {
  ResourceNeed need{kProcessBase, expected_file_bytes(arms)};
  // Arms run one after another: one replicate's agents and series at a time, and the
  // whole-run totals of every replicate kept for the summary.
  std::uint64_t replicate = 0;
  for (const auto& a : arms) {
    replicate = std::max(replicate, a.replicate_memory);
    need.memory += static_cast<std::uint64_t>(a.run.replicates) * (a.outcomes.size() * sizeof(double) + 64);
  }
  need.memory += replicate;
  return need;
}

std::string describe(const ResourceNeed& need, const std::filesystem::path& output) {
  const auto memory = os::memory_limit(kUnreserved);
  const auto disk = os::disk_free(output.parent_path().empty() ? "." : output.parent_path());
  return "memory about " + os::bytes_text(need.memory) +
         (memory ? " (at most " + os::bytes_text(memory->bytes) + ": " + memory->source + ")" : "") +
         "; result file about " + os::bytes_text(need.disk) +
         (disk ? " (" + os::bytes_text(*disk) + " free where " + text::excerpt(output.string()) + " goes)" : "");
}

void require_fit(const ResourceNeed& need, const std::filesystem::path& output) {
  if (const auto memory = os::memory_limit(kUnreserved); memory && need.memory > memory->bytes)
    throw UsageError("this run needs about " + os::bytes_text(need.memory) + " of memory, but at most " +
                     os::bytes_text(memory->bytes) + " is there: " + memory->source + ". " + kLowerMemory);
  const auto folder = output.parent_path().empty() ? std::filesystem::path(".") : output.parent_path();
  if (const auto free = os::disk_free(folder); free && need.disk > *free)
    throw UsageError("the result file " + text::excerpt(output.string()) + " needs about " + os::bytes_text(need.disk) +
                     ", but only " + os::bytes_text(*free) + " is free there. " + kLowerDisk);
}

}  // namespace harmsim::cli
