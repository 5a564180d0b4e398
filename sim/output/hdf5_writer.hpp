// Writes the result file (layout in the README, "Results (HDF5)"), each replicate's
// series as soon as it finishes, so memory does not grow with replicates. The only code
// that includes HDF5.
//
// Every HDF5 call is checked. A failure throws OutputError saying what failed ("no
// space left on device writing results/x.h5"); the writer then abandons the file, and
// its AtomicFile removes the temporary copy, so the old result file stays untouched.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/arm_result.hpp"
#include "output/atomic_file.hpp"

namespace harmsim {

// The layout's version, the root attribute `format_version`. 1 (no attribute): axis
// labels only at the root. 2: each data group (/outcomes, /totals) also holds its own
// scenario, replicate (and time) labels as the dimension scales its datasets use, so
// xarray opens a group with named, labelled dimensions.
inline constexpr int kFormatVersion = 2;

struct FileProvenance {
  std::string command_line;
};

// The expected size of the result file for `arms` (as described before they run).
std::uint64_t expected_file_bytes(const std::vector<ArmResult>& arms);

class Hdf5Writer {
 public:
  // Creates the layout on `file`'s temporary path for `arms` as described before they
  // run (describe_arm): names, scenario texts, run settings and outcome declarations.
  Hdf5Writer(AtomicFile& file, const std::vector<ArmResult>& arms, const FileProvenance& provenance);
  ~Hdf5Writer();  // abandons the file unless finished
  Hdf5Writer(const Hdf5Writer&) = delete;
  Hdf5Writer& operator=(const Hdf5Writer&) = delete;

  // Stores the series of replicate `replicate` of arm `arm`.
  void write_replicate(std::size_t arm, std::size_t replicate, const Outcomes& outcomes);
  // Stores the whole-run totals and rates of the finished arms and closes the file,
  // ready for AtomicFile::commit.
  void finish(const std::vector<ArmResult>& arms);

 private:
  struct Open;
  std::unique_ptr<Open> open_;
};

}  // namespace harmsim
