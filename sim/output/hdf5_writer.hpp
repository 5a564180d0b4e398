// Writes results in the layout of DESIGN.md section 5. The only code that includes HDF5.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/runner.hpp"

namespace harmsim {

struct FileProvenance {
  std::string command_line;
};

// Writes all arms to `destination` atomically (temporary name, then rename).
void write_hdf5(const std::filesystem::path& destination, const std::vector<ArmResult>& arms,
                const FileProvenance& provenance);

}  // namespace harmsim
