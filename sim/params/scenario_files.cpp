#include "params/scenario_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "os/errno_text.hpp"
#include "os/file_kind.hpp"

namespace harmsim {

namespace {

FileProblem too_large() {
  return FileProblem("larger than " + std::to_string(kMaxScenarioBytes >> 20) + " MiB, too large for a scenario file");
}

class DiskFiles final : public ScenarioFiles {
 public:
  ScenarioFile read(const std::filesystem::path& path) const override {
    // O_NONBLOCK: opening a named pipe must not wait for a writer; it is refused below.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) throw FileProblem(os::errno_text(errno));
    struct Closer {
      int fd;
      ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw FileProblem(os::errno_text(errno));
    if (!S_ISREG(st.st_mode))
      throw FileProblem(std::string("it is ") + os::file_kind(st.st_mode) + ", not a scenario file");
    if (static_cast<std::size_t>(st.st_size) > kMaxScenarioBytes) throw too_large();
    ScenarioFile file{std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino), {}};
    char buffer[1 << 16];
    for (;;) {
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw FileProblem(os::errno_text(errno));
      if (n == 0) break;
      file.text.append(buffer, static_cast<std::size_t>(n));
      if (file.text.size() > kMaxScenarioBytes) throw too_large();
    }
    return file;
  }
};

}  // namespace

const ScenarioFiles& disk_files() {
  static const DiskFiles files;
  return files;
}

void MemoryFiles::add(const std::filesystem::path& path, std::string text) {
  files_[path.lexically_normal().string()] = std::move(text);
}

ScenarioFile MemoryFiles::read(const std::filesystem::path& path) const {
  const std::string key = path.lexically_normal().string();
  const auto it = files_.find(key);
  if (it == files_.end()) throw FileProblem(os::errno_text(ENOENT));
  return {key, it->second};
}

}  // namespace harmsim
