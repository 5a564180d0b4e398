// Where scenario files come from. The reader asks for each file of a `base =` chain by
// path: in a run the filesystem answers, in the fuzzer a set of files in memory does,
// so fuzzing never touches the real filesystem.
#pragma once

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>

namespace harmsim {

struct ScenarioFile {
  std::string identity;  // equal for two paths naming the same file (inheritance loops)
  std::string text;
};

// Why a file could not be read, in a few words ("no such file or directory"); the
// reader adds which file and who referred to it.
class FileProblem : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ScenarioFiles {
 public:
  virtual ~ScenarioFiles() = default;
  // The file at `path`; throws FileProblem when it cannot be read.
  virtual ScenarioFile read(const std::filesystem::path& path) const = 0;
};

// Scenario files are small text files; anything larger is a mistake (a result file or
// a disk image named by accident) and is refused before it is read into memory.
inline constexpr std::size_t kMaxScenarioBytes = 16u << 20;

// Regular files on disk, symbolic links followed; identity is the device and inode.
const ScenarioFiles& disk_files();

// Files held in memory, keyed by lexically normal path.
class MemoryFiles final : public ScenarioFiles {
 public:
  void add(const std::filesystem::path& path, std::string text);
  ScenarioFile read(const std::filesystem::path& path) const override;

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace harmsim
